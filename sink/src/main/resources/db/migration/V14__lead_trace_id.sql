-- The trace id of the last verdict applied to a lead (docs/metrics.md, "Logs"): the identifier of
-- the crawl request whose page made that verdict, so an operator can follow a lead back through
-- the logs of the crawler and the classifier. Optional: leads opened before it, and verdicts whose
-- pages carried none, have NULL. Bounded like the events' trace id (at most 64 characters).
ALTER TABLE lead ADD COLUMN trace_id text CHECK (char_length(trace_id) <= 64);
