-- Sites analysts sent to be crawled from the workbench (module web), one row per request, so that
-- an analyst sees her requests and their progress. The request itself goes to the crawl-request
-- topic (source ANALYST); this table is only the workbench's record of it. Rows are added, never
-- changed: what became of a request is read from the lead of its site.

CREATE TABLE workbench_crawl_request (
    id           bigserial   PRIMARY KEY,
    url          text        NOT NULL CHECK (char_length(url) BETWEEN 1 AND 2048
                                             AND (url LIKE 'http://%' OR url LIKE 'https://%')),
    site         text        NOT NULL CHECK (char_length(site) BETWEEN 1 AND 253),
    requested_by text        NOT NULL CHECK (requested_by <> ''),
    requested_at timestamptz NOT NULL
);

-- "my requests", newest first
CREATE INDEX workbench_crawl_request_by_requester
    ON workbench_crawl_request (requested_by, requested_at DESC);
