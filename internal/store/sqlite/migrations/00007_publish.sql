-- The public side (package publish): the page's settings, statements and
-- their listings, components and their history, subscribers, the public
-- outbox and the leaked password hashes of the range endpoint.
-- Subscribers' addresses are only ever stored sealed; they are found
-- through blind indexes (the address's, the unsubscribe link's) and the
-- SHA-256 of the confirmation token. Public items carry random public IDs,
-- never shown next to the internal ones. Times are TEXT as in 00001;
-- booleans 0/1; maps and lists are JSON text. A user reference of 0 is
-- NULL, so that the foreign key holds.

-- +goose Up
-- The page's settings: one row, id 1.
CREATE TABLE publish_page (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    names             TEXT    NOT NULL DEFAULT '{}',
    url               TEXT    NOT NULL DEFAULT '',
    default_lang      TEXT    NOT NULL DEFAULT '',
    press_name        TEXT    NOT NULL DEFAULT '',
    press_email       TEXT    NOT NULL DEFAULT '',
    press_phone       TEXT    NOT NULL DEFAULT '',
    hotline_phone     TEXT    NOT NULL DEFAULT '',
    hotline_email     TEXT    NOT NULL DEFAULT '',
    sender_email      TEXT    NOT NULL DEFAULT '',
    self_check        INTEGER NOT NULL DEFAULT 0,
    range_incident_id INTEGER NOT NULL DEFAULT 0,
    updated_at        TEXT    NOT NULL
);

-- Statements of an incident, texts by language and the components they
-- name as JSON. replaces is the statement a correction replaces (0: none).
CREATE TABLE publish_statements (
    id           INTEGER PRIMARY KEY,
    incident_id  INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    public_id    TEXT    NOT NULL UNIQUE,
    kind         TEXT    NOT NULL,
    phase        TEXT    NOT NULL DEFAULT '',
    texts        TEXT    NOT NULL DEFAULT '{}',
    components   TEXT    NOT NULL DEFAULT '[]',
    replaces     INTEGER NOT NULL DEFAULT 0,
    state        TEXT    NOT NULL,
    author_id    INTEGER REFERENCES users (id),
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    approved_by  INTEGER REFERENCES users (id),
    approved_at  TEXT,
    published_by INTEGER REFERENCES users (id),
    published_at TEXT
);
CREATE INDEX publish_statements_incident ON publish_statements (incident_id, id);
-- What the public site shows, newest first.
CREATE INDEX publish_statements_published ON publish_statements (published_at, id)
    WHERE state IN ('published', 'superseded');

-- How an incident appears on the public site; one row per incident.
CREATE TABLE publish_listings (
    incident_id INTEGER PRIMARY KEY REFERENCES incidents (id) ON DELETE CASCADE,
    public_id   TEXT    NOT NULL UNIQUE,
    titles      TEXT    NOT NULL DEFAULT '{}',
    impact      TEXT    NOT NULL DEFAULT '',
    public      INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);

-- The company's systems as the public sees them, and every change of
-- their status.
CREATE TABLE publish_components (
    id         INTEGER PRIMARY KEY,
    public_id  TEXT    NOT NULL UNIQUE,
    names      TEXT    NOT NULL DEFAULT '{}',
    position   INTEGER NOT NULL DEFAULT 0,
    status     TEXT    NOT NULL,
    hidden     INTEGER NOT NULL DEFAULT 0,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL
);
CREATE TABLE publish_component_changes (
    id           INTEGER PRIMARY KEY,
    component_id INTEGER NOT NULL REFERENCES publish_components (id) ON DELETE CASCADE,
    status       TEXT    NOT NULL,
    at           TEXT    NOT NULL,
    actor_id     INTEGER REFERENCES users (id)
);
CREATE INDEX publish_component_changes_at ON publish_component_changes (at, id);

-- Subscribers: the address sealed, found by its blind index, by the
-- unsubscribe link's key and by the SHA-256 of the pending confirmation
-- token. The state index serves the publish: one update per confirmed
-- subscriber.
CREATE TABLE publish_subscribers (
    id              INTEGER PRIMARY KEY,
    email_key       BLOB    NOT NULL UNIQUE,
    sealed          BLOB    NOT NULL,
    lang            TEXT    NOT NULL DEFAULT '',
    state           TEXT    NOT NULL,
    confirm_hash    BLOB,
    unsub_key       BLOB    NOT NULL UNIQUE,
    created_at      TEXT    NOT NULL,
    confirmed_at    TEXT,
    unsubscribed_at TEXT
);
CREATE INDEX publish_subscribers_confirm ON publish_subscribers (confirm_hash) WHERE confirm_hash IS NOT NULL;
CREATE INDEX publish_subscribers_state ON publish_subscribers (state, id);

-- The public outbox, one row per mail, kept as the hotline's: a fixed
-- Message-ID, claimed with a lease. A statement reaches a subscriber once:
-- (statement_id, subscriber_id) is unique where a statement is named.
-- sealed is NULL once the mail is sent or failed.
CREATE TABLE publish_mails (
    id            INTEGER PRIMARY KEY,
    kind          TEXT    NOT NULL,
    message_id    TEXT    NOT NULL UNIQUE,
    subscriber_id INTEGER REFERENCES publish_subscribers (id) ON DELETE CASCADE,
    statement_id  INTEGER REFERENCES publish_statements (id) ON DELETE CASCADE,
    recipient_key BLOB,
    sealed        BLOB,
    lang          TEXT    NOT NULL DEFAULT '',
    state         TEXT    NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT    NOT NULL DEFAULT '',
    created_at    TEXT    NOT NULL,
    next_at       TEXT    NOT NULL,
    lease_until   TEXT,
    sent_at       TEXT
);
CREATE UNIQUE INDEX publish_mails_update ON publish_mails (statement_id, subscriber_id) WHERE statement_id IS NOT NULL;
-- The claim walks (state) in ID order with next_at at hand, as the
-- hotline's outbox does; the limit per address counts by recipient.
CREATE INDEX publish_mails_claim ON publish_mails (state, id, next_at);
CREATE INDEX publish_mails_recipient ON publish_mails (recipient_key, kind, created_at) WHERE recipient_key IS NOT NULL;
CREATE INDEX publish_mails_subscriber ON publish_mails (subscriber_id) WHERE subscriber_id IS NOT NULL;

-- Leaked password hashes per incident in the Pwned Passwords range format
-- (SHA-1 upper-case hex: the first five digits and the other 35).
CREATE TABLE publish_pwned (
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    prefix      TEXT    NOT NULL,
    suffix      TEXT    NOT NULL,
    count       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (incident_id, prefix, suffix)
) WITHOUT ROWID;

-- +goose Down
DROP TABLE publish_pwned;
DROP TABLE publish_mails;
DROP TABLE publish_subscribers;
DROP TABLE publish_component_changes;
DROP TABLE publish_components;
DROP TABLE publish_listings;
DROP TABLE publish_statements;
DROP TABLE publish_page;
