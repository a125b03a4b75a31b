-- Tips: what the public reports on the tip-off site (module web, `sitewatch tips`) and what hotline
-- staff enter in the workbench, followed from the report to a lead and back to a status the
-- reporter can look up with a receipt code. See docs/tips.md.
--
-- A report (tip_report) names one or more URLs; its URLs are grouped by site, one tip per site
-- (tip), since a site is what is crawled, judged and made a lead. The tip's status is what the
-- reporter sees; the sink moves it as crawls and verdicts come (sink.tips.TipFollower), every
-- change appended to tip_event. Contact data lives apart (tip_contact), read by supervisors only,
-- and is erased after the retention period.

CREATE TABLE tip_report (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- SHA-256 (hex) of the receipt code: the code itself is shown once and never stored
    receipt_hash text        NOT NULL UNIQUE CHECK (receipt_hash ~ '^[0-9a-f]{64}$'),
    channel      text        NOT NULL CHECK (channel IN ('WEB', 'HOTLINE')),
    category     text        NOT NULL CHECK (category ~ '^[a-z][a-z-]{0,39}$'),
    description  text        NOT NULL DEFAULT '' CHECK (char_length(description) <= 2000),
    received_at  timestamptz NOT NULL,
    -- keyed hash (rotating key) of the client address: spots floods, never gives the address back
    client_hash  text        CHECK (client_hash IS NULL OR client_hash ~ '^[0-9a-f]{16,64}$'),
    -- the workbench account that entered a hotline tip
    entered_by   text        CHECK (entered_by IS NULL OR entered_by <> ''),
    CONSTRAINT tip_report_hotline_has_author
        CHECK ((channel = 'HOTLINE') = (entered_by IS NOT NULL))
);

CREATE INDEX tip_report_received ON tip_report (received_at);

CREATE TABLE tip (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    report_id      bigint      NOT NULL REFERENCES tip_report (id),
    site           text        NOT NULL CHECK (char_length(site) BETWEEN 1 AND 253),
    -- the report's URLs on this site, duplicates merged, in the order given
    urls           text[]      NOT NULL CHECK (cardinality(urls) BETWEEN 1 AND 20
                                               AND urls[1] ~ '^https?://[^[:space:]]+$'
                                               AND char_length(urls[1]) <= 2048),
    -- the crawl priority its request was sent with (higher when the site was reported before)
    priority       integer     NOT NULL CHECK (priority BETWEEN 0 AND 9),
    received_at    timestamptz NOT NULL,
    status         text        NOT NULL DEFAULT 'RECEIVED'
        CHECK (status IN ('RECEIVED', 'REVIEWING', 'ACTION_TAKEN', 'NOT_ACTIONABLE')),
    -- why, in a word: crawled, unreachable, refused, not-flagged, lead, opened-by-hand, ...
    status_reason  text        NOT NULL DEFAULT '' CHECK (status_reason ~ '^[a-z-]{0,40}$'),
    status_at      timestamptz NOT NULL,
    lead_id        bigint      REFERENCES lead (id),
    -- outbox: set once the broker took the crawl request; a tip left unsent is sent by the sink
    crawl_sent_at  timestamptz,
    crawl_attempts integer     NOT NULL DEFAULT 0 CHECK (crawl_attempts >= 0),
    -- when the last crawl of the site after this tip ended, and how (ok, unreachable, refused)
    crawled_at     timestamptz,
    crawl_result   text        CHECK (crawl_result IS NULL OR crawl_result ~ '^[a-z-]{1,20}$'),
    -- a retry of an unreachable site is due then (the recrawl schedule)
    retry_at       timestamptz,
    CONSTRAINT tip_once_per_site UNIQUE (report_id, site)
);

CREATE INDEX tip_by_site ON tip (site, received_at);
CREATE INDEX tip_by_lead ON tip (lead_id) WHERE lead_id IS NOT NULL;
-- what the sink follows: tips not yet settled
CREATE INDEX tip_open ON tip (status, site) WHERE status IN ('RECEIVED', 'REVIEWING');
CREATE INDEX tip_unsent ON tip (received_at) WHERE crawl_sent_at IS NULL;
CREATE INDEX tip_retry_due ON tip (retry_at) WHERE retry_at IS NOT NULL;

CREATE TABLE tip_contact (
    report_id   bigint      PRIMARY KEY REFERENCES tip_report (id),
    contact     text        NOT NULL CHECK (char_length(contact) BETWEEN 1 AND 200),
    erase_after timestamptz NOT NULL
);

CREATE INDEX tip_contact_erase ON tip_contact (erase_after);

-- Every status a tip took, by whom (the sink, or the analyst who opened a lead by hand). The
-- defaults are a public tip's first event: the tips role may write nothing else (RoleGrants).
CREATE TABLE tip_event (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tip_id  bigint      NOT NULL REFERENCES tip (id),
    status  text        NOT NULL DEFAULT 'RECEIVED'
        CHECK (status IN ('RECEIVED', 'REVIEWING', 'ACTION_TAKEN', 'NOT_ACTIONABLE')),
    reason  text        NOT NULL DEFAULT '',
    actor   text        NOT NULL DEFAULT 'public' CHECK (actor <> ''),
    lead_id bigint      REFERENCES lead (id),
    at      timestamptz NOT NULL
);

CREATE INDEX tip_event_by_tip ON tip_event (tip_id, id);

CREATE FUNCTION tip_event_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'tip_event is append-only (% refused)', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER tip_event_no_rewrite
    BEFORE UPDATE OR DELETE ON tip_event
    FOR EACH ROW EXECUTE FUNCTION tip_event_append_only();

CREATE TRIGGER tip_event_no_truncate
    BEFORE TRUNCATE ON tip_event
    FOR EACH STATEMENT EXECUTE FUNCTION tip_event_append_only();

-- The latest verdict the sink saw for a reported site that has no lead (a verdict that does not
-- flag a site leaves no lead): what an analyst opens a lead from by hand, and when the site was
-- last judged. Rewritten by each newer verdict.
CREATE TABLE tip_verdict (
    site       text        PRIMARY KEY,
    epoch      bigint      NOT NULL,
    revision   bigint      NOT NULL,
    verdict    jsonb       NOT NULL CHECK (jsonb_typeof(verdict) = 'object'),
    decided_at timestamptz NOT NULL,
    seen_at    timestamptz NOT NULL
);

-- How many tips name the lead's site: each raises the lead's priority (sink.lead.Priority).
ALTER TABLE lead ADD COLUMN tips integer NOT NULL DEFAULT 0 CHECK (tips >= 0);
