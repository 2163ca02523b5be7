-- The register of affected persons (package people). A person's contact
-- data and identifiers are only ever stored sealed (AEAD, key outside the
-- database); they are found through people_index, keyed HMACs of the
-- normalized values. What stays in the clear names no one: language,
-- country, state, categories, source files, reach flags, counts.
-- categories and file_ids are JSON arrays (sorted), read whole with the row,
-- so a pass over the register is one query. Times are TEXT as in 00001;
-- booleans 0/1.

-- +goose Up
CREATE TABLE people_persons (
    id           INTEGER PRIMARY KEY,
    incident_id  INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    sealed       BLOB,
    language     TEXT    NOT NULL DEFAULT '',
    country      TEXT    NOT NULL DEFAULT '',
    state        TEXT    NOT NULL DEFAULT '',
    categories   TEXT    NOT NULL DEFAULT '[]',
    file_ids     TEXT    NOT NULL DEFAULT '[]',
    has_email    INTEGER NOT NULL DEFAULT 0,
    has_phone    INTEGER NOT NULL DEFAULT 0,
    has_address  INTEGER NOT NULL DEFAULT 0,
    record_count INTEGER NOT NULL DEFAULT 0,
    from_crm     INTEGER NOT NULL DEFAULT 0,
    erased       INTEGER NOT NULL DEFAULT 0,
    erased_at    TEXT,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
);
CREATE INDEX people_persons_incident ON people_persons (incident_id, id);

-- One row per (person, blind index); kind is kept for maintenance, the
-- hash alone already depends on it.
CREATE TABLE people_index (
    incident_id INTEGER NOT NULL,
    hash        BLOB    NOT NULL,
    person_id   INTEGER NOT NULL REFERENCES people_persons (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL,
    PRIMARY KEY (incident_id, hash, person_id)
) WITHOUT ROWID;
CREATE INDEX people_index_person ON people_index (person_id);

CREATE TABLE people_files (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    path        TEXT    NOT NULL,
    UNIQUE (incident_id, path)
);

CREATE TABLE people_imports (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL,
    name        TEXT    NOT NULL DEFAULT '',
    sha256      TEXT    NOT NULL DEFAULT '',
    lines       INTEGER NOT NULL,
    created     INTEGER NOT NULL,
    updated     INTEGER NOT NULL,
    unchanged   INTEGER NOT NULL,
    problems    INTEGER NOT NULL,
    by_user_id  INTEGER REFERENCES users (id),
    at          TEXT    NOT NULL
);
CREATE INDEX people_imports_incident ON people_imports (incident_id, at, id);

CREATE TABLE people_segments (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    rules       TEXT    NOT NULL,
    created_by  INTEGER REFERENCES users (id),
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    UNIQUE (incident_id, name)
);

-- The check value of the register's key (people.Keyring.Check): one row,
-- written once, so a desk started with another key refuses to run.
CREATE TABLE people_keycheck (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    check_hmac BLOB    NOT NULL,
    created_at TEXT    NOT NULL
);

-- +goose Down
DROP TABLE people_keycheck;
DROP TABLE people_segments;
DROP TABLE people_imports;
DROP TABLE people_files;
DROP TABLE people_index;
DROP TABLE people_persons;
