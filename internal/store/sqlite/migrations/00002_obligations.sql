-- The regulator clock: an incident's facts, risk assessments, filings with
-- the exact document sent, waivers, drafts, the authority directory's
-- edited entries, loaded rule files and the last computed due states.
-- Times are TEXT as in 00001; booleans 0/1; facts are the JSON of
-- obligation.Facts.

-- +goose Up
CREATE TABLE incident_facts (
    incident_id INTEGER PRIMARY KEY REFERENCES incidents (id) ON DELETE CASCADE,
    facts       TEXT    NOT NULL,
    updated_by  INTEGER REFERENCES users (id),
    updated_at  TEXT    NOT NULL
);

CREATE TABLE risk_assessments (
    id                 INTEGER PRIMARY KEY,
    incident_id        INTEGER NOT NULL REFERENCES incidents (id),
    dpc_base           INTEGER NOT NULL,
    dpc_adjust         REAL    NOT NULL,
    dpc_note           TEXT    NOT NULL DEFAULT '',
    ei                 REAL    NOT NULL,
    ei_note            TEXT    NOT NULL DEFAULT '',
    cb_confidentiality REAL    NOT NULL,
    cb_integrity       REAL    NOT NULL,
    cb_availability    REAL    NOT NULL,
    cb_malicious       INTEGER NOT NULL,
    cb_note            TEXT    NOT NULL DEFAULT '',
    score              REAL    NOT NULL,
    level              TEXT    NOT NULL,
    advice             TEXT    NOT NULL,
    decision           TEXT    NOT NULL,
    decision_reason    TEXT    NOT NULL DEFAULT '',
    decided_by         INTEGER REFERENCES users (id),
    decided_at         TEXT    NOT NULL
);
CREATE INDEX risk_assessments_incident ON risk_assessments (incident_id, decided_at, id);

CREATE TABLE obligation_filings (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    rule        TEXT    NOT NULL,
    filed_at    TEXT    NOT NULL,
    filed_by    INTEGER REFERENCES users (id),
    channel     TEXT    NOT NULL,
    recipient   TEXT    NOT NULL DEFAULT '',
    reference   TEXT    NOT NULL DEFAULT '',
    note        TEXT    NOT NULL DEFAULT '',
    doc_name    TEXT    NOT NULL DEFAULT '',
    doc_type    TEXT    NOT NULL DEFAULT '',
    doc_size    INTEGER NOT NULL,
    doc_sha256  TEXT    NOT NULL DEFAULT '',
    doc         BLOB    NOT NULL,
    recorded_at TEXT    NOT NULL,
    ack_at      TEXT,
    ack_note    TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX obligation_filings_incident ON obligation_filings (incident_id, filed_at, id);

CREATE TABLE obligation_waivers (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    rule        TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    decided_by  INTEGER REFERENCES users (id),
    decided_at  TEXT    NOT NULL
);
CREATE INDEX obligation_waivers_incident ON obligation_waivers (incident_id, decided_at, id);

CREATE TABLE obligation_drafts (
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    rule        TEXT    NOT NULL,
    lang        TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    updated_by  INTEGER REFERENCES users (id),
    updated_at  TEXT    NOT NULL,
    PRIMARY KEY (incident_id, rule, lang)
);

-- The directory ships embedded; a row here is an entry an admin edited (or
-- one stored as shipped, with updated_by NULL).
CREATE TABLE authorities (
    id         TEXT    PRIMARY KEY,
    country    TEXT    NOT NULL,
    region     TEXT    NOT NULL DEFAULT '',
    kind       TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    name_de    TEXT    NOT NULL DEFAULT '',
    website    TEXT    NOT NULL DEFAULT '',
    portal     TEXT    NOT NULL DEFAULT '',
    email      TEXT    NOT NULL DEFAULT '',
    phone      TEXT    NOT NULL DEFAULT '',
    address    TEXT    NOT NULL DEFAULT '',
    zone       TEXT    NOT NULL DEFAULT '',
    notes      TEXT    NOT NULL DEFAULT '',
    updated_by INTEGER REFERENCES users (id),
    updated_at TEXT    NOT NULL
);
CREATE INDEX authorities_order ON authorities (country, region, id);

CREATE TABLE rule_files (
    id        INTEGER PRIMARY KEY,
    version   TEXT    NOT NULL,
    source    TEXT    NOT NULL,
    sha256    TEXT    NOT NULL,
    loaded_by INTEGER REFERENCES users (id),
    loaded_at TEXT    NOT NULL
);
CREATE INDEX rule_files_loaded ON rule_files (loaded_at, id);

CREATE TABLE obligation_due_states (
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    rule        TEXT    NOT NULL,
    applies     INTEGER NOT NULL,
    due_at      TEXT,
    status      TEXT    NOT NULL,
    PRIMARY KEY (incident_id, rule)
);

-- Records of what was decided and filed are never changed or deleted; the
-- one change a filing may see is its acknowledgement, added once. As in
-- 00001, the triggers keep a bug from doing otherwise.
-- +goose StatementBegin
CREATE TRIGGER risk_assessments_no_update BEFORE UPDATE ON risk_assessments
BEGIN SELECT RAISE(ABORT, 'risk_assessments is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER risk_assessments_no_delete BEFORE DELETE ON risk_assessments
BEGIN SELECT RAISE(ABORT, 'risk_assessments is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER obligation_waivers_no_update BEFORE UPDATE ON obligation_waivers
BEGIN SELECT RAISE(ABORT, 'obligation_waivers is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER obligation_waivers_no_delete BEFORE DELETE ON obligation_waivers
BEGIN SELECT RAISE(ABORT, 'obligation_waivers is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER obligation_filings_ack_once BEFORE UPDATE ON obligation_filings
WHEN OLD.ack_at IS NOT NULL OR NEW.ack_at IS NULL
    OR NEW.id IS NOT OLD.id OR NEW.incident_id IS NOT OLD.incident_id OR NEW.rule IS NOT OLD.rule
    OR NEW.filed_at IS NOT OLD.filed_at OR NEW.filed_by IS NOT OLD.filed_by OR NEW.channel IS NOT OLD.channel
    OR NEW.recipient IS NOT OLD.recipient OR NEW.reference IS NOT OLD.reference OR NEW.note IS NOT OLD.note
    OR NEW.doc_name IS NOT OLD.doc_name OR NEW.doc_type IS NOT OLD.doc_type OR NEW.doc_size IS NOT OLD.doc_size
    OR NEW.doc_sha256 IS NOT OLD.doc_sha256 OR NEW.doc IS NOT OLD.doc OR NEW.recorded_at IS NOT OLD.recorded_at
BEGIN SELECT RAISE(ABORT, 'obligation_filings is append-only but for one acknowledgement'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER obligation_filings_no_delete BEFORE DELETE ON obligation_filings
BEGIN SELECT RAISE(ABORT, 'obligation_filings is append-only'); END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE obligation_due_states;
DROP TABLE rule_files;
DROP TABLE authorities;
DROP TABLE obligation_drafts;
DROP TABLE obligation_waivers;
DROP TABLE obligation_filings;
DROP TABLE risk_assessments;
DROP TABLE incident_facts;
