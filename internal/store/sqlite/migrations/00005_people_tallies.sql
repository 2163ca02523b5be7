-- The register at scale (millions of persons).
--
-- people_tallies keeps the register's counts per incident, changed in the
-- same transaction as the persons (see sqlstore's peopleTx), so the
-- register page reads a few dozen rows instead of every person. dim is
-- one of persons, erased, records, category, country (with "US-CA" items
-- as well), language, with_email, with_phone, postal_only, unreachable
-- and version (bumped by every transaction that changes a person: what
-- the segment counts are cached by). The rows are filled here from the
-- persons already stored.
--
-- people_index loses its kind column and keeps the first 16 bytes of each
-- hash: 128 bits are plenty for a blind index within one incident, and
-- the smaller rows make an import dirty half as many pages. (Down cannot
-- bring the cut bytes back: after a downgrade the register must be
-- imported again to be searchable.)

-- +goose Up
CREATE TABLE people_tallies (
    incident_id INTEGER NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    dim         TEXT    NOT NULL,
    item        TEXT    NOT NULL DEFAULT '',
    n           INTEGER NOT NULL,
    PRIMARY KEY (incident_id, dim, item)
) WITHOUT ROWID;

INSERT INTO people_tallies (incident_id, dim, item, n)
SELECT incident_id, 'persons', '', count(*) FROM people_persons WHERE erased = 0 GROUP BY incident_id
UNION ALL
SELECT incident_id, 'erased', '', count(*) FROM people_persons WHERE erased = 1 GROUP BY incident_id
UNION ALL
SELECT incident_id, 'records', '', sum(record_count) FROM people_persons GROUP BY incident_id
UNION ALL
SELECT incident_id, 'version', '', 1 FROM people_persons GROUP BY incident_id
UNION ALL
SELECT p.incident_id, 'category', j.value, count(*) FROM people_persons p, json_each(p.categories) j
    GROUP BY p.incident_id, j.value
UNION ALL
SELECT incident_id, 'country', country, count(*) FROM people_persons WHERE country <> ''
    GROUP BY incident_id, country
UNION ALL
SELECT incident_id, 'country', 'US-' || state, count(*) FROM people_persons WHERE country = 'US' AND state <> ''
    GROUP BY incident_id, state
UNION ALL
SELECT incident_id, 'language', language, count(*) FROM people_persons WHERE language <> ''
    GROUP BY incident_id, language
UNION ALL
SELECT incident_id, 'with_email', '', count(*) FROM people_persons WHERE erased = 0 AND has_email = 1
    GROUP BY incident_id
UNION ALL
SELECT incident_id, 'with_phone', '', count(*) FROM people_persons WHERE erased = 0 AND has_phone = 1
    GROUP BY incident_id
UNION ALL
SELECT incident_id, 'postal_only', '', count(*) FROM people_persons
    WHERE erased = 0 AND has_email = 0 AND has_address = 1 GROUP BY incident_id
UNION ALL
SELECT incident_id, 'unreachable', '', count(*) FROM people_persons
    WHERE erased = 0 AND has_email = 0 AND has_address = 0 GROUP BY incident_id;

CREATE TABLE people_index_new (
    incident_id INTEGER NOT NULL,
    hash        BLOB    NOT NULL,
    person_id   INTEGER NOT NULL REFERENCES people_persons (id) ON DELETE CASCADE,
    PRIMARY KEY (incident_id, hash, person_id)
) WITHOUT ROWID;
INSERT OR IGNORE INTO people_index_new (incident_id, hash, person_id)
    SELECT incident_id, substr(hash, 1, 16), person_id FROM people_index;
DROP TABLE people_index;
ALTER TABLE people_index_new RENAME TO people_index;
CREATE INDEX people_index_person ON people_index (person_id);

-- +goose Down
CREATE TABLE people_index_old (
    incident_id INTEGER NOT NULL,
    hash        BLOB    NOT NULL,
    person_id   INTEGER NOT NULL REFERENCES people_persons (id) ON DELETE CASCADE,
    kind        TEXT    NOT NULL,
    PRIMARY KEY (incident_id, hash, person_id)
) WITHOUT ROWID;
INSERT INTO people_index_old (incident_id, hash, person_id, kind)
    SELECT incident_id, hash, person_id, '' FROM people_index;
DROP TABLE people_index;
ALTER TABLE people_index_old RENAME TO people_index;
CREATE INDEX people_index_person ON people_index (person_id);
DROP TABLE people_tallies;
