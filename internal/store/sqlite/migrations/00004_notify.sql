-- Notifications of affected persons: templates, campaigns, the delivery
-- ledger (one row per campaign and person), letter batches for the print
-- house and the mail settings. Persons are referred to by ID only, with no
-- foreign key into the register: a campaign's ledger must outlive a merge
-- of two persons, and the register keeps its own tables.
-- Times are TEXT as in 00001; booleans 0/1; contents, letterhead and the
-- approved snapshot are JSON.

-- +goose Up
CREATE TABLE notify_templates (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    name        TEXT    NOT NULL,
    contents    TEXT    NOT NULL,
    fallback    TEXT    NOT NULL DEFAULT '',
    company     TEXT    NOT NULL DEFAULT '',
    hotline     TEXT    NOT NULL DEFAULT '',
    inbox       TEXT    NOT NULL DEFAULT '',
    updates_url TEXT    NOT NULL DEFAULT '',
    letterhead  TEXT    NOT NULL,
    updated_by  INTEGER REFERENCES users (id),
    updated_at  TEXT    NOT NULL
);
CREATE INDEX notify_templates_incident ON notify_templates (incident_id, name, id);

CREATE TABLE notify_campaigns (
    id              INTEGER PRIMARY KEY,
    incident_id     INTEGER NOT NULL REFERENCES incidents (id),
    name            TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    segment_id      INTEGER NOT NULL,
    template_id     INTEGER NOT NULL REFERENCES notify_templates (id),
    channel         TEXT    NOT NULL,
    letter_fallback INTEGER NOT NULL,
    state           TEXT    NOT NULL,
    snapshot        TEXT,
    snapshot_hash   TEXT    NOT NULL DEFAULT '',
    created_by      INTEGER REFERENCES users (id),
    created_at      TEXT    NOT NULL,
    approved_by     INTEGER REFERENCES users (id),
    approved_at     TEXT,
    started_at      TEXT,
    finished_at     TEXT,
    updated_at      TEXT    NOT NULL,
    queued          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX notify_campaigns_incident ON notify_campaigns (incident_id, id);
CREATE INDEX notify_campaigns_state ON notify_campaigns (state, id);

CREATE TABLE notify_batches (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES notify_campaigns (id),
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    letters     INTEGER NOT NULL DEFAULT 0,
    created_by  INTEGER REFERENCES users (id),
    created_at  TEXT    NOT NULL,
    posted_by   INTEGER REFERENCES users (id),
    posted_at   TEXT
);
CREATE INDEX notify_batches_campaign ON notify_batches (campaign_id, id);

-- The ledger. A connection claims the lowest due row of its campaign and
-- channel; the claim index walks (campaign, channel, state) in ID order,
-- so the first due row is found without sorting the campaign's rows.
CREATE TABLE notify_deliveries (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES notify_campaigns (id),
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    person_id   INTEGER NOT NULL,
    channel     TEXT    NOT NULL,
    state       TEXT    NOT NULL,
    lang        TEXT    NOT NULL DEFAULT '',
    message_id  TEXT    NOT NULL UNIQUE,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT    NOT NULL DEFAULT '',
    next_at     TEXT    NOT NULL,
    claimed_by  TEXT    NOT NULL DEFAULT '',
    lease_until TEXT,
    batch_id    INTEGER REFERENCES notify_batches (id),
    queued_at   TEXT    NOT NULL,
    sent_at     TEXT,
    updated_at  TEXT    NOT NULL,
    UNIQUE (campaign_id, person_id)
);
CREATE INDEX notify_deliveries_claim ON notify_deliveries (campaign_id, channel, state, id, next_at);
-- Only letters in a batch and rows sent have entries in these two: a
-- freshly queued ledger costs them nothing.
CREATE INDEX notify_deliveries_batch ON notify_deliveries (batch_id, id) WHERE batch_id IS NOT NULL;
CREATE INDEX notify_deliveries_sent ON notify_deliveries (campaign_id, sent_at) WHERE sent_at IS NOT NULL;

CREATE TABLE notify_settings (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
);

-- +goose Down
DROP TABLE notify_settings;
DROP TABLE notify_deliveries;
DROP TABLE notify_batches;
DROP TABLE notify_campaigns;
DROP TABLE notify_templates;
