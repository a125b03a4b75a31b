-- Operator networks and repeat offenders (docs/operations.md).
--
-- lead_identifier: each lead's identifiers as rows, with the pages they were seen on, so that
-- "which leads share this (type, value)" is one index look-up. lead_page_simhash: each lead's page
-- SimHashes split into four 16-bit bands; two hashes within Hamming distance 3 agree on at least
-- one band (pigeonhole), so near-identical pages are found through four indexed equality tests.
-- identifier_ignore: identifiers that link nothing (shared CDN addresses, a copied filing number,
-- a common template's SimHash), as in MISP warning lists; its log is append-only.
-- lead_operation: the operation (connected component over shared strong, not ignored identifiers)
-- each linked lead belongs to; the operation id is the smallest lead id of the component. Only
-- components of two or more leads are stored. Rewritten only under one advisory lock.

CREATE TABLE lead_identifier (
    lead_id bigint NOT NULL REFERENCES lead (id) ON DELETE CASCADE,
    type    text   NOT NULL,
    value   text   NOT NULL,
    urls    text[] NOT NULL DEFAULT '{}',  -- the pages it was seen on
    PRIMARY KEY (lead_id, type, value)
);

CREATE INDEX lead_identifier_by_value ON lead_identifier (type, value, lead_id);

CREATE TABLE lead_page_simhash (
    lead_id bigint  NOT NULL REFERENCES lead (id) ON DELETE CASCADE,
    url     text    NOT NULL,
    simhash bigint  NOT NULL,  -- the 64 bits of PageRef.textSimhash
    band0   integer NOT NULL CHECK (band0 BETWEEN 0 AND 65535),  -- bits 0-15
    band1   integer NOT NULL CHECK (band1 BETWEEN 0 AND 65535),  -- bits 16-31
    band2   integer NOT NULL CHECK (band2 BETWEEN 0 AND 65535),  -- bits 32-47
    band3   integer NOT NULL CHECK (band3 BETWEEN 0 AND 65535),  -- bits 48-63
    PRIMARY KEY (lead_id, url)
);

CREATE INDEX lead_page_simhash_band0 ON lead_page_simhash (band0);
CREATE INDEX lead_page_simhash_band1 ON lead_page_simhash (band1);
CREATE INDEX lead_page_simhash_band2 ON lead_page_simhash (band2);
CREATE INDEX lead_page_simhash_band3 ON lead_page_simhash (band3);

CREATE TABLE identifier_ignore (
    type       text        NOT NULL,
    value      text        NOT NULL,
    reason     text        NOT NULL CHECK (reason <> ''),
    ignored_by text        NOT NULL CHECK (ignored_by <> ''),
    ignored_at timestamptz NOT NULL,
    PRIMARY KEY (type, value)
);

CREATE TABLE identifier_ignore_log (
    id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    type   text        NOT NULL,
    value  text        NOT NULL,
    action text        NOT NULL CHECK (action IN ('IGNORED', 'UNIGNORED')),
    reason text        NOT NULL DEFAULT '',
    actor  text        NOT NULL CHECK (actor <> ''),
    at     timestamptz NOT NULL
);

CREATE FUNCTION identifier_ignore_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'identifier_ignore_log is append-only (% refused)', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER identifier_ignore_log_no_rewrite
    BEFORE UPDATE OR DELETE ON identifier_ignore_log
    FOR EACH ROW EXECUTE FUNCTION identifier_ignore_log_append_only();

CREATE TABLE lead_operation (
    lead_id      bigint      PRIMARY KEY REFERENCES lead (id) ON DELETE CASCADE,
    operation_id bigint      NOT NULL,  -- smallest lead id of the component
    computed_at  timestamptz NOT NULL,
    CONSTRAINT lead_operation_id_is_a_member CHECK (operation_id <= lead_id)
);

CREATE INDEX lead_operation_by_operation ON lead_operation (operation_id, lead_id);

-- Repeat-offender links now say on what basis they were made: a shared identifier (type, value)
-- or near-identical pages (identifier_type 'text-simhash', identifier_value '<own>/<related>'
-- hashes, with both pages and the distance). The table holds the links in force; the lead's
-- history (lead_action LINKED / UNLINKED) keeps when each was found and dropped.
ALTER TABLE lead_link
    ADD COLUMN basis            text    NOT NULL DEFAULT 'identifier',
    ADD COLUMN page_url         text,
    ADD COLUMN related_page_url text,
    ADD COLUMN distance         integer;

ALTER TABLE lead_link
    ADD CONSTRAINT lead_link_basis_known CHECK (basis IN ('identifier', 'simhash')),
    ADD CONSTRAINT lead_link_simhash_complete
        CHECK (basis <> 'simhash' OR (page_url IS NOT NULL AND related_page_url IS NOT NULL
                                      AND distance BETWEEN 0 AND 64));

CREATE INDEX lead_link_by_related ON lead_link (related_lead_id);

ALTER TABLE lead_action DROP CONSTRAINT lead_action_kind_known;
ALTER TABLE lead_action ADD CONSTRAINT lead_action_kind_known
    CHECK (kind IN ('TRIAGED', 'CONFIRMED', 'REFERRED', 'CLOSED', 'DISMISSED', 'REOPENED',
                    'ASSIGNED', 'NOTED', 'ACKNOWLEDGED', 'LINKED', 'UNLINKED'));

-- Leads stored before this migration: their identifiers and page hashes as rows. Their operations
-- are built by `sitewatch operation rebuild` (or as their sites are scored again).
INSERT INTO lead_identifier (lead_id, type, value, urls)
SELECT l.id, i ->> 'type', i ->> 'value',
       COALESCE(array_agg(DISTINCT i ->> 'url') FILTER (WHERE COALESCE(i ->> 'url', '') <> ''),
                '{}')
  FROM lead l, jsonb_array_elements(l.identifiers) AS i
 WHERE i ->> 'type' IS NOT NULL AND i ->> 'value' IS NOT NULL
 GROUP BY l.id, i ->> 'type', i ->> 'value';

INSERT INTO lead_page_simhash (lead_id, url, simhash, band0, band1, band2, band3)
SELECT id, url, h, (h & 65535)::integer, ((h >> 16) & 65535)::integer,
       ((h >> 32) & 65535)::integer, ((h >> 48) & 65535)::integer
  FROM (SELECT DISTINCT ON (l.id, p ->> 'url') l.id, p ->> 'url' AS url,
               ('x' || (p ->> 'textSimhash'))::bit(64)::bigint AS h
          FROM lead l, jsonb_array_elements(l.pages) AS p
         WHERE p ->> 'textSimhash' ~ '^[0-9a-f]{16}$') AS hashed;
