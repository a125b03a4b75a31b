-- The workbench queue (web.data.LeadQueue): filters that seek in an index in queue order, and a
-- search box that finds a lead by the start of its site, the start of one of its identifiers, or
-- one of its page URLs, each through an index. No extension is needed (pg_trgm would give
-- substring search, but a real cluster may not have it and the owner role cannot create it), and
-- no index key holds unbounded crawled text (docs/database.md): identifier values are cut to 100
-- characters in the key, and page URLs are hashed by the jsonb_path_ops GIN index.

-- queue order within one status, and for one assignee
CREATE INDEX lead_by_status ON lead (status, priority DESC, score DESC, site);
CREATE INDEX lead_by_assignee ON lead (assignee, priority DESC, score DESC, site)
    WHERE assignee IS NOT NULL;

-- search: the site starts with ... (site is at most 253 characters)
CREATE INDEX lead_site_prefix ON lead (site text_pattern_ops);

-- search: an identifier (QQ, WeChat, ICP number, tracking id ...) starts with ..., any type
CREATE INDEX lead_identifier_value_prefix
    ON lead_identifier (lower(left(value, 100)) text_pattern_ops);

-- search: a page behind the lead has exactly this URL
CREATE INDEX lead_page_urls
    ON lead USING gin (jsonb_path_query_array(pages, '$[*].url') jsonb_path_ops);
