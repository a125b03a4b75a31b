-- Recrawl: the sites of open leads are re-checked on a schedule, and every check is recorded.
-- The scheduler claims a due lead by moving next_check_at forward in one conditional UPDATE, so
-- two sink instances never schedule the same check. A NULL next_check_at means "one recrawl
-- interval after the lead was opened". The check columns on lead summarise the newest check;
-- lead_check keeps every one (append-only). See docs/recrawl.md.

ALTER TABLE lead
  ADD COLUMN next_check_at    timestamptz,
  ADD COLUMN last_check_at    timestamptz,
  ADD COLUMN last_check_state text,
  -- when the site went away: the first GONE check after it was last seen online; NULL while
  -- online (or never checked)
  ADD COLUMN gone_since       timestamptz;

ALTER TABLE lead
  ADD CONSTRAINT lead_last_check_state_known
      CHECK (last_check_state IN ('ONLINE', 'CHANGED', 'GONE', 'UNKNOWN'));

-- the scheduler's look-up of due open leads
CREATE INDEX lead_check_due ON lead (next_check_at)
  WHERE status IN ('NEW', 'TRIAGED', 'CONFIRMED', 'REFERRED');

CREATE TABLE lead_check (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    lead_id     bigint      NOT NULL REFERENCES lead (id),
    site        text        NOT NULL,
    checked_at  timestamptz NOT NULL,  -- when the crawler finished the check (the outcome's time)
    state       text        NOT NULL,
    http_status integer,               -- the seed's HTTP status, when a response came
    reason      text        NOT NULL,  -- e.g. "HTTP 404", "DNS lookup failed", "connection failed"
    detail      text        NOT NULL DEFAULT '',  -- the crawler's own words
    seed_url    text,
    seed_sha256 text,                  -- SHA-256 of the seed page's body, when it was fetched
    pages       integer     NOT NULL DEFAULT 0,
    recorded_at timestamptz NOT NULL,
    -- one row per check, however often its outcome is replayed
    CONSTRAINT lead_check_once UNIQUE (lead_id, checked_at),
    CONSTRAINT lead_check_state_known CHECK (state IN ('ONLINE', 'CHANGED', 'GONE', 'UNKNOWN')),
    CONSTRAINT lead_check_sha_form CHECK (seed_sha256 IS NULL OR seed_sha256 ~ '^[0-9a-f]{64}$'),
    CONSTRAINT lead_check_pages_non_negative CHECK (pages >= 0)
);

CREATE FUNCTION lead_check_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'lead_check is append-only (% refused)', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER lead_check_no_rewrite
    BEFORE UPDATE OR DELETE ON lead_check
    FOR EACH ROW EXECUTE FUNCTION lead_check_append_only();

CREATE TRIGGER lead_check_no_truncate
    BEFORE TRUNCATE ON lead_check
    FOR EACH STATEMENT EXECUTE FUNCTION lead_check_append_only();
