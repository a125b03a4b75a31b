-- The analysts' lifecycle on top of the sink's leads: status changes, assignment, notes,
-- acknowledgement of new evidence and reopening, each recorded in the append-only lead_action
-- history; priority, severity and priority flags kept on the lead for the default work queue.

ALTER TABLE lead
  ADD COLUMN assignee             text,
  ADD COLUMN dismiss_reason       text,
  -- signal ids the lead carried when it was dismissed: a later heavy signal outside this set
  -- reopens it
  ADD COLUMN dismissed_signal_ids text[]  NOT NULL DEFAULT '{}',
  -- verdict revision an analyst last acknowledged; revision > seen_revision means new evidence
  ADD COLUMN seen_revision        bigint  NOT NULL DEFAULT 0,
  ADD COLUMN priority             integer NOT NULL DEFAULT 0,
  ADD COLUMN severity             text    NOT NULL DEFAULT 'LOW',
  ADD COLUMN flags                text[]  NOT NULL DEFAULT '{}';

ALTER TABLE lead
  ADD CONSTRAINT lead_severity_known CHECK (severity IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
  ADD CONSTRAINT lead_dismiss_reason_known
      CHECK (dismiss_reason IN ('FALSE_POSITIVE', 'OUT_OF_SCOPE', 'DUPLICATE')),
  ADD CONSTRAINT lead_dismissed_has_reason
      CHECK ((status = 'DISMISSED') = (dismiss_reason IS NOT NULL));

-- the analysts' default view: highest priority first
CREATE INDEX lead_by_priority ON lead (priority DESC, score DESC, site);
-- repeat-offender look-ups: leads whose identifiers contain a given {type, value}
CREATE INDEX lead_identifiers ON lead USING gin (identifiers jsonb_path_ops);

CREATE TABLE lead_action (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    lead_id          bigint      NOT NULL REFERENCES lead (id),
    site             text        NOT NULL,
    kind             text        NOT NULL,
    actor            text        NOT NULL,
    from_status      text        NOT NULL,
    to_status        text        NOT NULL,
    reason           text,
    note             text        NOT NULL DEFAULT '',
    assignee         text,
    signal_ids       text[]      NOT NULL DEFAULT '{}',  -- REOPENED: the new heavy signals
    verdict_revision bigint,                             -- set when a verdict caused the entry
    at               timestamptz NOT NULL,
    CONSTRAINT lead_action_kind_known CHECK (kind IN ('TRIAGED', 'CONFIRMED', 'REFERRED', 'CLOSED',
        'DISMISSED', 'REOPENED', 'ASSIGNED', 'NOTED', 'ACKNOWLEDGED')),
    CONSTRAINT lead_action_actor_present CHECK (actor <> '')
);

CREATE INDEX lead_action_by_lead ON lead_action (lead_id, id);
-- a replayed verdict never writes its reopening twice
CREATE UNIQUE INDEX lead_action_once_per_verdict
    ON lead_action (lead_id, verdict_revision) WHERE verdict_revision IS NOT NULL;

-- A repeat-offender link: the lead shares a strong identifier with a confirmed, referred or
-- closed lead of another site.
CREATE TABLE lead_link (
    lead_id          bigint      NOT NULL REFERENCES lead (id),
    related_lead_id  bigint      NOT NULL REFERENCES lead (id),
    identifier_type  text        NOT NULL,
    identifier_value text        NOT NULL,
    found_at         timestamptz NOT NULL,
    PRIMARY KEY (lead_id, related_lead_id, identifier_type, identifier_value),
    CONSTRAINT lead_link_not_self CHECK (lead_id <> related_lead_id)
);

CREATE FUNCTION lead_action_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'lead_action is append-only (% refused)', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER lead_action_no_rewrite
    BEFORE UPDATE OR DELETE ON lead_action
    FOR EACH ROW EXECUTE FUNCTION lead_action_append_only();
