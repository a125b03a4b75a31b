-- Jurisdiction routing: the bureaus a lead goes to, each with its bases and the indications behind
-- them, and the conflicts found while routing. Both are replaced whole whenever a lead is
-- recomputed (under the lead's row lock), so they always reflect one routing.
CREATE TABLE lead_route (
  lead_id      bigint      NOT NULL REFERENCES lead (id) ON DELETE CASCADE,
  bureau       text        NOT NULL,
  region_code  text        NOT NULL CHECK (region_code ~ '^[0-9]{6}$'),
  contact      text        NOT NULL DEFAULT '',
  bases        text[]      NOT NULL CHECK (cardinality(bases) > 0),
  evidence     jsonb       NOT NULL CHECK (jsonb_typeof(evidence) = 'array'),
  computed_at  timestamptz NOT NULL,
  PRIMARY KEY (lead_id, bureau)
);

CREATE INDEX lead_route_bureau ON lead_route (bureau);

CREATE TABLE lead_jurisdiction (
  lead_id      bigint      PRIMARY KEY REFERENCES lead (id) ON DELETE CASCADE,
  conflicts    jsonb       NOT NULL CHECK (jsonb_typeof(conflicts) = 'array'),
  tables       text        NOT NULL,
  computed_at  timestamptz NOT NULL
);
