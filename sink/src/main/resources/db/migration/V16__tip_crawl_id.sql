-- Issue 13: the crawl (the crawler's crawlId) whose end a tip took last, so a second SITE_CRAWLED
-- of the same crawl (an outcome published again, later, after the crawler's partition moved or a
-- timed-out batch committed late) is not counted as a further crawl attempt. NULL: none yet, or an
-- outcome without a crawlId.
ALTER TABLE tip ADD COLUMN crawl_id text;
