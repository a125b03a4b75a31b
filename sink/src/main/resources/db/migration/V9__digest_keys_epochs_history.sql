-- Hardening (docs/database.md):
-- 1. No index, primary key or unique constraint holds text that comes from a crawled site or a
--    verdict: a B-tree entry is limited to about 2.7 KB, so one long URL or identifier made every
--    verdict of its site fail. Such keys now use the SHA-256 of the text (a generated column); the
--    text stays as data. Short fields that stay in keys (site, identifier type) get a length bound,
--    so a longer one is a rejected verdict (an outcome), never a broken index.
-- 2. Verdicts are ordered by (epoch, revision): the classifier starts a new epoch when its state is
--    lost, and its revisions start again at 1.
-- 3. Append-only history also refuses TRUNCATE (row triggers do not fire on it).
-- 4. A recrawl check is recorded once per recrawl request, however many SITE_CRAWLED outcomes
--    answer it (a crawler killed after the outcome and before its checkpoint sends a second one).

-- The SHA-256 of a text's UTF-8 bytes. convert_to is only STABLE because it looks up a conversion;
-- the database encoding never changes, so the result is fixed and the function may be IMMUTABLE
-- (which generated columns and indexes need).
CREATE FUNCTION sitewatch_sha256(t text) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT sha256(convert_to(t, 'UTF8')) $$;

-- 1. digests instead of crawled text in keys

ALTER TABLE lead_page_simhash
    ADD COLUMN url_sha256 bytea GENERATED ALWAYS AS (sitewatch_sha256(url)) STORED;
ALTER TABLE lead_page_simhash DROP CONSTRAINT lead_page_simhash_pkey;
ALTER TABLE lead_page_simhash ADD CONSTRAINT lead_page_simhash_pkey PRIMARY KEY (lead_id, url_sha256);

ALTER TABLE lead_identifier
    ADD COLUMN value_sha256 bytea GENERATED ALWAYS AS (sitewatch_sha256(value)) STORED;
ALTER TABLE lead_identifier DROP CONSTRAINT lead_identifier_pkey;
ALTER TABLE lead_identifier ADD CONSTRAINT lead_identifier_pkey PRIMARY KEY (lead_id, type, value_sha256);
DROP INDEX lead_identifier_by_value;
CREATE INDEX lead_identifier_by_value ON lead_identifier (type, value_sha256, lead_id);
ALTER TABLE lead_identifier
    ADD CONSTRAINT lead_identifier_type_short CHECK (char_length(type) BETWEEN 1 AND 64) NOT VALID;

ALTER TABLE lead_link
    ADD COLUMN identifier_value_sha256 bytea
        GENERATED ALWAYS AS (sitewatch_sha256(identifier_value)) STORED;
ALTER TABLE lead_link DROP CONSTRAINT lead_link_pkey;
ALTER TABLE lead_link ADD CONSTRAINT lead_link_pkey
    PRIMARY KEY (lead_id, related_lead_id, identifier_type, identifier_value_sha256);
ALTER TABLE lead_link
    ADD CONSTRAINT lead_link_type_short CHECK (char_length(identifier_type) BETWEEN 1 AND 64) NOT VALID;

ALTER TABLE identifier_ignore
    ADD COLUMN value_sha256 bytea GENERATED ALWAYS AS (sitewatch_sha256(value)) STORED;
ALTER TABLE identifier_ignore DROP CONSTRAINT identifier_ignore_pkey;
ALTER TABLE identifier_ignore ADD CONSTRAINT identifier_ignore_pkey PRIMARY KEY (type, value_sha256);
ALTER TABLE identifier_ignore
    ADD CONSTRAINT identifier_ignore_type_short CHECK (char_length(type) BETWEEN 1 AND 64) NOT VALID;

-- A site is a registered domain (at most 253 characters in DNS); it stays in lead_site_unique,
-- lead_by_score and lead_by_priority.
ALTER TABLE lead ADD CONSTRAINT lead_site_short CHECK (char_length(site) BETWEEN 1 AND 253) NOT VALID;

-- 2. epochs

ALTER TABLE lead
    ADD COLUMN epoch      bigint NOT NULL DEFAULT 0,  -- classifier state generation of the verdict
    ADD COLUMN seen_epoch bigint NOT NULL DEFAULT 0;  -- with seen_revision: what an analyst acknowledged
ALTER TABLE lead ADD CONSTRAINT lead_epoch_non_negative CHECK (epoch >= 0);

ALTER TABLE lead_event ADD COLUMN epoch bigint NOT NULL DEFAULT 0;
ALTER TABLE lead_event DROP CONSTRAINT lead_event_once_per_revision;
ALTER TABLE lead_event ADD CONSTRAINT lead_event_once_per_revision UNIQUE (lead_id, epoch, revision);

ALTER TABLE lead_action ADD COLUMN verdict_epoch bigint NOT NULL DEFAULT 0;
DROP INDEX lead_action_once_per_verdict;
CREATE UNIQUE INDEX lead_action_once_per_verdict
    ON lead_action (lead_id, verdict_epoch, verdict_revision) WHERE verdict_revision IS NOT NULL;

-- 3. history refuses TRUNCATE too (custody_entry and lead_check already did). TRUNCATE lead
-- CASCADE would empty every history table: refused as well.

CREATE TRIGGER lead_event_no_truncate
    BEFORE TRUNCATE ON lead_event
    FOR EACH STATEMENT EXECUTE FUNCTION lead_event_append_only();

CREATE TRIGGER lead_action_no_truncate
    BEFORE TRUNCATE ON lead_action
    FOR EACH STATEMENT EXECUTE FUNCTION lead_action_append_only();

CREATE TRIGGER identifier_ignore_log_no_truncate
    BEFORE TRUNCATE ON identifier_ignore_log
    FOR EACH STATEMENT EXECUTE FUNCTION identifier_ignore_log_append_only();

CREATE FUNCTION lead_no_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'leads carry append-only history (% refused)', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER lead_no_truncate
    BEFORE TRUNCATE ON lead
    FOR EACH STATEMENT EXECUTE FUNCTION lead_no_truncate();

-- 4. one check per recrawl request: the crawler's crawlId (topic:partition:offset of the request,
-- the same on every attempt), and the request's time, set when the scheduler claims the lead (for
-- outcomes without a crawlId)

ALTER TABLE lead ADD COLUMN check_requested_at timestamptz;
ALTER TABLE lead_check ADD COLUMN requested_at timestamptz;
ALTER TABLE lead_check ADD CONSTRAINT lead_check_once_per_request UNIQUE (lead_id, requested_at);
ALTER TABLE lead_check ADD COLUMN crawl_id text;
ALTER TABLE lead_check ADD CONSTRAINT lead_check_crawl_id_short CHECK (char_length(crawl_id) <= 256);
ALTER TABLE lead_check ADD CONSTRAINT lead_check_once_per_crawl UNIQUE (lead_id, crawl_id);
