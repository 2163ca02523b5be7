-- The hotline and the inquiry inbox (package hotline): inquiries, the mails
-- of their threads (inbound and the outbox), attachments, phone calls,
-- versioned call scripts and the settings of each incident. Whatever could
-- name or reach a person (the caller's name, number and address, notes,
-- mail subjects, bodies and attachments, the inbox password) is only ever
-- stored sealed (AEAD, key outside the database); callers and senders are
-- found through blind indexes (keyed HMACs). What stays in the clear names
-- no one: channels, states, topic and FAQ keys, times, hashes of contents.
-- Persons are referred to by ID only, with no foreign key into the register
-- (an inquiry must outlive a merge of two persons). Rows of one incident
-- refer to rows of the same incident: the foreign keys include incident_id.
-- Times are TEXT as in 00001; booleans 0/1; lists are JSON arrays.

-- +goose Up
CREATE TABLE hotline_inquiries (
    id                 INTEGER PRIMARY KEY,
    incident_id        INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    channel            TEXT    NOT NULL,
    status             TEXT    NOT NULL,
    outcome            TEXT    NOT NULL DEFAULT '',
    request            TEXT    NOT NULL DEFAULT '',
    request_due        TEXT,
    person_match       TEXT    NOT NULL DEFAULT '',
    person_id          INTEGER NOT NULL DEFAULT 0,
    lang               TEXT    NOT NULL DEFAULT '',
    topic              TEXT    NOT NULL DEFAULT '',
    questions          TEXT    NOT NULL DEFAULT '[]',
    answer             TEXT    NOT NULL DEFAULT '',
    script_version     INTEGER NOT NULL DEFAULT 0,
    sealed             BLOB    NOT NULL,
    caller_key         BLOB,
    call_id            TEXT    NOT NULL DEFAULT '',
    assignee_id        INTEGER REFERENCES users (id),
    agent_id           INTEGER REFERENCES users (id),
    callback_due       TEXT,
    received_at        TEXT    NOT NULL,
    first_response_due TEXT    NOT NULL,
    first_response_at  TEXT,
    closed_at          TEXT,
    created_by         INTEGER REFERENCES users (id),
    updated_at         TEXT    NOT NULL,
    -- The target of the same-incident foreign keys below; it is also the
    -- index of the newest-first list of an incident.
    UNIQUE (incident_id, id)
);
-- Earlier inquiries of a person or a caller; only linked rows are indexed.
CREATE INDEX hotline_inquiries_person ON hotline_inquiries (incident_id, person_id, id) WHERE person_id <> 0;
CREATE INDEX hotline_inquiries_caller ON hotline_inquiries (incident_id, caller_key, id) WHERE caller_key IS NOT NULL;
-- The open and overdue lists, newest first, and the open counts; an open
-- inquiry is overdue by its first response, its callback or its
-- request's deadline. Unanswered inquiries by their first-response due
-- time are the SLA's watch list. The callback queue and the "assigned to
-- me" list are small and indexed apart.
CREATE INDEX hotline_inquiries_status ON hotline_inquiries (incident_id, status, id);
CREATE INDEX hotline_inquiries_due ON hotline_inquiries (incident_id, status, first_response_due);
CREATE INDEX hotline_inquiries_callbacks ON hotline_inquiries (incident_id, callback_due, id)
    WHERE status = 'open' AND outcome = 'callback';
CREATE INDEX hotline_inquiries_requests ON hotline_inquiries (incident_id, request_due)
    WHERE status = 'open' AND outcome = 'data_request';
CREATE INDEX hotline_inquiries_assignee ON hotline_inquiries (incident_id, assignee_id, id) WHERE assignee_id IS NOT NULL;
-- The dashboard counts per hour over a window of received_at, and the
-- first responses given in it.
CREATE INDEX hotline_inquiries_received ON hotline_inquiries (incident_id, received_at);
CREATE INDEX hotline_inquiries_answered ON hotline_inquiries (incident_id, first_response_at)
    WHERE first_response_at IS NOT NULL;

-- The FAQ keys an inquiry asked about, once each, for counting the top
-- questions in SQL (the inquiry's own list, in order, is its questions
-- column).
CREATE TABLE hotline_questions (
    incident_id INTEGER NOT NULL,
    inquiry_id  INTEGER NOT NULL,
    key         TEXT    NOT NULL,
    PRIMARY KEY (inquiry_id, key),
    FOREIGN KEY (incident_id, inquiry_id) REFERENCES hotline_inquiries (incident_id, id) ON DELETE CASCADE
) WITHOUT ROWID;

-- The mails of the threads. Inbound mails are Delivered on arrival; an
-- outbound one (acknowledgement, reply, escalation) is the outbox's row,
-- claimed and recorded as the notify ledger's are. A mail fetched twice is
-- stored once: by its Message-ID, and (inbound) by the SHA-256 of the raw
-- mail, NULL for outbound mails.
CREATE TABLE hotline_mails (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    inquiry_id  INTEGER NOT NULL,
    direction   TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    state       TEXT    NOT NULL,
    message_id  TEXT    NOT NULL,
    in_reply_to TEXT    NOT NULL DEFAULT '',
    refs        TEXT    NOT NULL DEFAULT '[]',
    raw_sha256  TEXT,
    size        INTEGER NOT NULL DEFAULT 0,
    lang        TEXT    NOT NULL DEFAULT '',
    sender_key  BLOB,
    sealed      BLOB    NOT NULL,
    sensitive   TEXT    NOT NULL DEFAULT '[]',
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT    NOT NULL DEFAULT '',
    next_at     TEXT    NOT NULL,
    lease_until TEXT,
    author_id   INTEGER REFERENCES users (id),
    created_at  TEXT    NOT NULL,
    sent_at     TEXT,
    UNIQUE (incident_id, message_id),
    UNIQUE (incident_id, id),
    FOREIGN KEY (incident_id, inquiry_id) REFERENCES hotline_inquiries (incident_id, id) ON DELETE CASCADE
);
CREATE INDEX hotline_mails_inquiry ON hotline_mails (inquiry_id, id);
CREATE UNIQUE INDEX hotline_mails_raw ON hotline_mails (incident_id, raw_sha256) WHERE direction = 'in';
-- The outbox. A sender claims the lowest due row of any incident: a queued
-- row whose next_at has come or a sending row whose lease ran out. As in
-- notify's ledger, the claim index walks (direction, state) in ID order
-- with next_at at hand, so the first due row is found without sorting the
-- queue (10,000 acknowledgements after a storm of mails).
CREATE INDEX hotline_mails_claim ON hotline_mails (direction, state, id, next_at);

-- Attachments of inbound mails: the content sealed, its hash and what the
-- scanner found in it in the clear.
CREATE TABLE hotline_attachments (
    id           INTEGER PRIMARY KEY,
    incident_id  INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    mail_id      INTEGER NOT NULL,
    position     INTEGER NOT NULL,
    content_type TEXT    NOT NULL DEFAULT '',
    size         INTEGER NOT NULL DEFAULT 0,
    sha256       TEXT    NOT NULL,
    categories   TEXT    NOT NULL DEFAULT '[]',
    sealed       BLOB    NOT NULL,
    UNIQUE (mail_id, position),
    FOREIGN KEY (incident_id, mail_id) REFERENCES hotline_mails (incident_id, id) ON DELETE CASCADE
);

-- Phone calls as the phone system reports them, one row per call ID.
CREATE TABLE hotline_calls (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    call_id     TEXT    NOT NULL,
    direction   TEXT    NOT NULL DEFAULT '',
    state       TEXT    NOT NULL,
    from_key    BLOB,
    sealed      BLOB    NOT NULL,
    person_id   INTEGER NOT NULL DEFAULT 0,
    inquiry_id  INTEGER NOT NULL DEFAULT 0,
    started_at  TEXT    NOT NULL,
    answered_at TEXT,
    ended_at    TEXT,
    cause       TEXT    NOT NULL DEFAULT '',
    UNIQUE (incident_id, call_id)
);
CREATE INDEX hotline_calls_started ON hotline_calls (incident_id, started_at);

-- Script versions count up per incident; at most one is approved (the one
-- agents see): approving supersedes the previous one first.
CREATE TABLE hotline_scripts (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    state       TEXT    NOT NULL,
    contents    TEXT    NOT NULL,
    created_by  INTEGER REFERENCES users (id),
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    approved_by INTEGER REFERENCES users (id),
    approved_at TEXT,
    UNIQUE (incident_id, version)
);
CREATE UNIQUE INDEX hotline_scripts_approved ON hotline_scripts (incident_id) WHERE state = 'approved';

-- One row of settings per incident, sealed whole (the inbox URL holds a
-- password). has_inbox lists the incidents to poll without unsealing; the
-- phone system's token is kept only as its SHA-256, which finds the
-- incident.
CREATE TABLE hotline_settings (
    incident_id    INTEGER PRIMARY KEY REFERENCES incidents (id) ON DELETE CASCADE,
    sealed         BLOB    NOT NULL,
    has_inbox      INTEGER NOT NULL DEFAULT 0,
    cti_token_hash BLOB    UNIQUE
);

-- Where the inbox poll of an incident stopped (UIDVALIDITY:UID). Apart
-- from the settings: an inbox named on the command line is polled without
-- any.
CREATE TABLE hotline_inbox_cursors (
    incident_id INTEGER PRIMARY KEY REFERENCES incidents (id) ON DELETE CASCADE,
    cursor      TEXT    NOT NULL
);

-- +goose Down
DROP TABLE hotline_inbox_cursors;
DROP TABLE hotline_settings;
DROP TABLE hotline_scripts;
DROP TABLE hotline_calls;
DROP TABLE hotline_attachments;
DROP TABLE hotline_mails;
DROP TABLE hotline_questions;
DROP TABLE hotline_inquiries;
