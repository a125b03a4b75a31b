-- Issue 16: the evidence behind each conduct of a lead (which price, payment method, player or
-- contact handle, on which page), kept like the findings: the latest verdict's list, bounded by
-- the sink's intake (ConductReasons) before it is written. Leads opened before it read as empty.
ALTER TABLE lead ADD COLUMN conduct_reasons jsonb NOT NULL DEFAULT '[]'::jsonb;

ALTER TABLE lead
  ADD CONSTRAINT lead_conduct_reasons_array CHECK (jsonb_typeof(conduct_reasons) = 'array');
