-- One lead per flagged site, plus its append-only history.
-- Idempotency rests on two constraints: lead.site is unique (one lead per site, whatever the
-- number of sink instances) and lead_event (site, revision) is unique (a verdict revision is
-- recorded at most once). The sink only ever moves a lead forward to a higher verdict revision.

CREATE TABLE lead (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site             text             NOT NULL,
    status           text             NOT NULL DEFAULT 'NEW',
    score            double precision NOT NULL,
    flagged          boolean          NOT NULL,  -- whether the latest applied verdict flagged the site
    categories       text[]           NOT NULL,
    signals          jsonb            NOT NULL,  -- list of SignalHit, as on the verdict topic
    pages            jsonb            NOT NULL,  -- list of PageRef, as on the verdict topic
    pages_scored     integer          NOT NULL,
    revision         bigint           NOT NULL,  -- verdict revision the lead reflects
    lexicon_version  text             NOT NULL,
    decided_at       timestamptz      NOT NULL,  -- when the classifier made that verdict
    first_flagged_at timestamptz      NOT NULL,  -- when the sink opened the lead
    updated_at       timestamptz      NOT NULL,  -- when the sink last changed the lead
    CONSTRAINT lead_site_unique UNIQUE (site),
    CONSTRAINT lead_status_known
        CHECK (status IN ('NEW', 'TRIAGED', 'CONFIRMED', 'REFERRED', 'CLOSED', 'DISMISSED')),
    CONSTRAINT lead_score_range CHECK (score >= 0 AND score <= 1),
    CONSTRAINT lead_revision_positive CHECK (revision >= 1),
    CONSTRAINT lead_signals_array CHECK (jsonb_typeof(signals) = 'array'),
    CONSTRAINT lead_pages_array CHECK (jsonb_typeof(pages) = 'array')
);

-- the analysts' work queue: strongest leads first
CREATE INDEX lead_by_score ON lead (score DESC, site);

CREATE TABLE lead_event (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    lead_id    bigint           NOT NULL REFERENCES lead (id),
    site       text             NOT NULL,
    revision   bigint           NOT NULL,
    kind       text             NOT NULL,
    flagged    boolean          NOT NULL,
    score      double precision NOT NULL,
    at         timestamptz      NOT NULL,
    CONSTRAINT lead_event_once_per_revision UNIQUE (site, revision),
    CONSTRAINT lead_event_kind_known CHECK (kind IN ('OPENED', 'UPDATED'))
);

-- History is append-only: refuse to rewrite or erase it.
CREATE FUNCTION lead_event_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'lead_event is append-only (% refused)', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER lead_event_no_rewrite
    BEFORE UPDATE OR DELETE ON lead_event
    FOR EACH ROW EXECUTE FUNCTION lead_event_append_only();
