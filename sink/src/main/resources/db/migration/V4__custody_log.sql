-- The custody log: what happened to a lead's evidence (captured, scored, lead opened, reviewed,
-- exported...), one append-only hash chain per lead. Each entry's hash covers its own content and
-- the previous entry's hash, so rewriting or removing any entry breaks every later link.
-- UNIQUE (lead_id, seq) makes two concurrent appends unable to claim the same place in a chain;
-- the loser sees a conflict and retries on top of the winner.

CREATE TABLE custody_entry (
    lead_id   bigint      NOT NULL REFERENCES lead (id),
    seq       bigint      NOT NULL,            -- 1, 2, 3... per lead
    at        timestamptz NOT NULL,
    actor     text        NOT NULL,            -- "sink", an analyst's name, a command
    action    text        NOT NULL,            -- CAPTURED, SCORED, LEAD_OPENED, ...
    details   jsonb       NOT NULL,
    prev_hash text        NOT NULL,            -- hash of entry seq - 1; 64 zeros for seq 1
    hash      text        NOT NULL,            -- SHA-256 (hex) of the canonical entry, see docs/evidence.md
    CONSTRAINT custody_entry_place UNIQUE (lead_id, seq),
    CONSTRAINT custody_entry_seq_positive CHECK (seq >= 1),
    CONSTRAINT custody_entry_actor_given CHECK (actor <> ''),
    CONSTRAINT custody_entry_action_form CHECK (action ~ '^[A-Z][A-Z_]*$'),
    CONSTRAINT custody_entry_details_object CHECK (jsonb_typeof(details) = 'object'),
    CONSTRAINT custody_entry_hash_form CHECK (hash ~ '^[0-9a-f]{64}$' AND prev_hash ~ '^[0-9a-f]{64}$')
);

-- The log is append-only: refuse to rewrite or erase it.
CREATE FUNCTION custody_entry_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'custody_entry is append-only (% refused)', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER custody_entry_no_rewrite
    BEFORE UPDATE OR DELETE ON custody_entry
    FOR EACH ROW EXECUTE FUNCTION custody_entry_append_only();

CREATE TRIGGER custody_entry_no_truncate
    BEFORE TRUNCATE ON custody_entry
    FOR EACH STATEMENT EXECUTE FUNCTION custody_entry_append_only();
