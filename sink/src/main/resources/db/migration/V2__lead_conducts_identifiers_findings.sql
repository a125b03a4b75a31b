-- Verdict v2 carries the conduct the evidence points to, identifiers that tie a site to its
-- operator, and findings (e.g. injected links); leads keep the latest of each.
ALTER TABLE lead
  ADD COLUMN conducts    text[] NOT NULL DEFAULT '{}',
  ADD COLUMN identifiers jsonb  NOT NULL DEFAULT '[]'::jsonb,
  ADD COLUMN findings    jsonb  NOT NULL DEFAULT '[]'::jsonb;

ALTER TABLE lead
  ADD CONSTRAINT lead_identifiers_array CHECK (jsonb_typeof(identifiers) = 'array'),
  ADD CONSTRAINT lead_findings_array CHECK (jsonb_typeof(findings) = 'array');
