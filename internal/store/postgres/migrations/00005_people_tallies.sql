-- The register at scale: the same change as SQLite's 00005, in
-- PostgreSQL's types. people_tallies keeps the register's counts per
-- incident, changed in the same transaction as the persons, filled here
-- from the persons already stored; people_index loses its kind column and
-- keeps the first 16 bytes of each hash. (Down cannot bring the cut bytes
-- back: after a downgrade the register must be imported again to be
-- searchable.)

-- +goose Up
CREATE TABLE people_tallies (
    incident_id BIGINT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    dim         TEXT   COLLATE "C" NOT NULL,
    item        TEXT   COLLATE "C" NOT NULL DEFAULT '',
    n           BIGINT NOT NULL,
    PRIMARY KEY (incident_id, dim, item)
);

INSERT INTO people_tallies (incident_id, dim, item, n)
SELECT incident_id, 'persons', '', count(*) FROM people_persons WHERE NOT erased GROUP BY incident_id
UNION ALL
SELECT incident_id, 'erased', '', count(*) FROM people_persons WHERE erased GROUP BY incident_id
UNION ALL
SELECT incident_id, 'records', '', sum(record_count) FROM people_persons GROUP BY incident_id
UNION ALL
SELECT incident_id, 'version', '', 1 FROM people_persons GROUP BY incident_id
UNION ALL
SELECT p.incident_id, 'category', j.value, count(*)
    FROM people_persons p CROSS JOIN LATERAL json_array_elements_text(p.categories::json) AS j(value)
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
SELECT incident_id, 'with_email', '', count(*) FROM people_persons WHERE NOT erased AND has_email
    GROUP BY incident_id
UNION ALL
SELECT incident_id, 'with_phone', '', count(*) FROM people_persons WHERE NOT erased AND has_phone
    GROUP BY incident_id
UNION ALL
SELECT incident_id, 'postal_only', '', count(*) FROM people_persons
    WHERE NOT erased AND NOT has_email AND has_address GROUP BY incident_id
UNION ALL
SELECT incident_id, 'unreachable', '', count(*) FROM people_persons
    WHERE NOT erased AND NOT has_email AND NOT has_address GROUP BY incident_id;

CREATE TABLE people_index_new (
    incident_id BIGINT NOT NULL,
    hash        BYTEA  NOT NULL,
    person_id   BIGINT NOT NULL REFERENCES people_persons (id) ON DELETE CASCADE,
    PRIMARY KEY (incident_id, hash, person_id)
);
INSERT INTO people_index_new (incident_id, hash, person_id)
    SELECT incident_id, substring(hash FROM 1 FOR 16), person_id FROM people_index
    ON CONFLICT DO NOTHING;
DROP TABLE people_index;
ALTER TABLE people_index_new RENAME TO people_index;
ALTER INDEX people_index_new_pkey RENAME TO people_index_pkey;
ALTER TABLE people_index RENAME CONSTRAINT people_index_new_person_id_fkey TO people_index_person_id_fkey;
CREATE INDEX people_index_person ON people_index (person_id);

-- +goose Down
ALTER TABLE people_index ADD COLUMN kind TEXT NOT NULL DEFAULT '';
ALTER TABLE people_index ALTER COLUMN kind DROP DEFAULT;
DROP TABLE people_tallies;
