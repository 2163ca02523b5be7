-- The desk: users, sessions, tokens, the audit chain, incidents with their
-- timeline, tasks, team, contacts and playbooks.
-- Times are TEXT in the fixed-width UTC form 2006-01-02T15:04:05.000000Z, so
-- that they sort and compare as strings. Booleans are 0/1.

-- +goose Up
CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    email          TEXT    NOT NULL UNIQUE,
    name           TEXT    NOT NULL DEFAULT '',
    role           TEXT    NOT NULL,
    language       TEXT    NOT NULL DEFAULT '',
    time_zone      TEXT    NOT NULL DEFAULT '',
    password_hash  TEXT    NOT NULL,
    totp_secret    TEXT    NOT NULL DEFAULT '',
    totp_pending   TEXT    NOT NULL DEFAULT '',
    totp_last_step INTEGER NOT NULL DEFAULT 0,
    disabled       INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT    NOT NULL,
    last_login_at  TEXT
);

CREATE TABLE sessions (
    id_hash      TEXT    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf         TEXT    NOT NULL,
    totp_pending INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT    NOT NULL,
    seen_at      TEXT    NOT NULL,
    expires_at   TEXT    NOT NULL,
    addr         TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    hash         TEXT    NOT NULL UNIQUE,
    hint         TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    last_used_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- The audit chain has no foreign keys: it must stay readable whatever
-- happens to the rows it talks about.
CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at          TEXT    NOT NULL,
    actor_id    INTEGER NOT NULL DEFAULT 0,
    actor       TEXT    NOT NULL,
    via         TEXT    NOT NULL,
    addr        TEXT    NOT NULL DEFAULT '',
    action      TEXT    NOT NULL,
    object_type TEXT    NOT NULL DEFAULT '',
    object_id   INTEGER NOT NULL DEFAULT 0,
    incident_id INTEGER NOT NULL DEFAULT 0,
    detail      TEXT    NOT NULL DEFAULT '{}',
    prev_hash   TEXT    NOT NULL,
    hash        TEXT    NOT NULL
);
CREATE INDEX audit_log_actor ON audit_log (actor_id, seq);
CREATE INDEX audit_log_incident ON audit_log (incident_id, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);

CREATE TABLE incidents (
    id               INTEGER PRIMARY KEY,
    title            TEXT    NOT NULL,
    kind             TEXT    NOT NULL,
    severity         TEXT    NOT NULL,
    status           TEXT    NOT NULL,
    aware_at         TEXT    NOT NULL,
    detected_at      TEXT,
    summary          TEXT    NOT NULL DEFAULT '',
    affected_systems TEXT    NOT NULL DEFAULT '',
    created_by       INTEGER REFERENCES users (id),
    created_at       TEXT    NOT NULL,
    updated_at       TEXT    NOT NULL,
    closed_at        TEXT
);
CREATE INDEX incidents_status ON incidents (status, aware_at);

CREATE TABLE incident_members (
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    user_id     INTEGER NOT NULL REFERENCES users (id),
    role        TEXT    NOT NULL,
    added_by    INTEGER REFERENCES users (id),
    added_at    TEXT    NOT NULL,
    PRIMARY KEY (incident_id, user_id)
);
CREATE INDEX incident_members_user ON incident_members (user_id, incident_id);

CREATE TABLE timeline_entries (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    occurred_at TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL,
    author_id   INTEGER REFERENCES users (id),
    kind        TEXT    NOT NULL,
    text        TEXT    NOT NULL,
    corrects    INTEGER REFERENCES timeline_entries (id),
    event       TEXT
);
CREATE INDEX timeline_entries_order ON timeline_entries (incident_id, occurred_at, id);
CREATE INDEX timeline_entries_corrects ON timeline_entries (corrects) WHERE corrects IS NOT NULL;

CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    entry_id     INTEGER NOT NULL REFERENCES timeline_entries (id),
    incident_id  INTEGER NOT NULL REFERENCES incidents (id),
    name         TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT    NOT NULL,
    uploaded_by  INTEGER REFERENCES users (id),
    uploaded_at  TEXT    NOT NULL,
    data         BLOB    NOT NULL
);
CREATE INDEX attachments_entry ON attachments (entry_id);

CREATE TABLE tasks (
    id              INTEGER PRIMARY KEY,
    incident_id     INTEGER NOT NULL REFERENCES incidents (id),
    title           TEXT    NOT NULL,
    description     TEXT    NOT NULL DEFAULT '',
    phase           TEXT    NOT NULL DEFAULT '',
    position        INTEGER NOT NULL,
    owner_id        INTEGER REFERENCES users (id),
    role            TEXT    NOT NULL DEFAULT '',
    due_at          TEXT,
    due_after_aware INTEGER, -- seconds after aware_at, for a relative due
    status          TEXT    NOT NULL,
    drop_reason     TEXT    NOT NULL DEFAULT '',
    checklist       TEXT    NOT NULL DEFAULT '[]',
    created_by      INTEGER REFERENCES users (id),
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    done_at         TEXT
);
CREATE INDEX tasks_incident ON tasks (incident_id, position, id);
CREATE INDEX tasks_due ON tasks (incident_id, status, due_at);

CREATE TABLE contacts (
    id           INTEGER PRIMARY KEY,
    incident_id  INTEGER NOT NULL REFERENCES incidents (id),
    role         TEXT    NOT NULL,
    label        TEXT    NOT NULL,
    name         TEXT    NOT NULL DEFAULT '',
    organization TEXT    NOT NULL DEFAULT '',
    phone        TEXT    NOT NULL DEFAULT '',
    email        TEXT    NOT NULL DEFAULT '',
    notes        TEXT    NOT NULL DEFAULT '',
    updated_by   INTEGER REFERENCES users (id),
    updated_at   TEXT    NOT NULL
);
CREATE INDEX contacts_incident ON contacts (incident_id, id);

CREATE TABLE playbooks (
    name        TEXT    PRIMARY KEY,
    version     INTEGER NOT NULL,
    source      TEXT    NOT NULL,
    imported_by INTEGER REFERENCES users (id),
    imported_at TEXT    NOT NULL
);

CREATE TABLE incident_playbooks (
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    name        TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    applied_by  INTEGER REFERENCES users (id),
    applied_at  TEXT    NOT NULL,
    PRIMARY KEY (incident_id, name)
);

-- Append-only: the program never changes or deletes these rows, and these
-- triggers make sure a bug cannot either. (Someone with the database file
-- can drop them; the hash chain is what proves tampering.)
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER timeline_entries_no_update BEFORE UPDATE ON timeline_entries
BEGIN SELECT RAISE(ABORT, 'timeline_entries is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER timeline_entries_no_delete BEFORE DELETE ON timeline_entries
BEGIN SELECT RAISE(ABORT, 'timeline_entries is append-only'); END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE incident_playbooks;
DROP TABLE playbooks;
DROP TABLE contacts;
DROP TABLE tasks;
DROP TABLE attachments;
DROP TABLE timeline_entries;
DROP TABLE incident_members;
DROP TABLE incidents;
DROP TABLE audit_log;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE users;
