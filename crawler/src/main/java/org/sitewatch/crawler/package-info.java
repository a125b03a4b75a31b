/**
 * The crawler stage: a Kafka-driven worker that crawls one site per crawl request and publishes
 * what the servers sent.
 *
 * <p><b>Flow.</b> {@link org.sitewatch.crawler.CrawlerWorker} consumes {@code CrawlRequest}s keyed
 * by site (so one worker of the group owns a site at a time). Each request that is not a recent
 * repeat becomes one site crawl: a crawler4j (hs-heilbronn fork) controller with its own HSQLDB
 * frontier folder and exactly one fetch thread, because the fork's politeness delay is only per
 * host when a single thread fetches. The crawl stays inside the site ({@link
 * org.sitewatch.crawler.Sites#siteOf}: registered domain), publishes one {@code FetchedPage} per
 * response, turns every failure into an {@code Outcome} and publishes links to other sites as new
 * {@code CrawlRequest}s while their hop count stays within {@code maxSiteHops}. Each acted-on
 * request ends with exactly one {@code SITE_CRAWLED} outcome (result {@code ok}, {@code refused} or
 * {@code unreachable}), each ignored one with {@code SKIPPED} or {@code BAD_RECORD}; the all-in-one
 * mode waits for these. Offsets are committed at least once: per partition only up to the lowest
 * request whose crawl is unfinished, always after the producer is flushed; partitions are paused
 * while the local backlog is full.
 *
 * <p><b>Safety.</b> The HTTP client learns addresses only through a resolver that consults the
 * fixed {@code resolve} map first, then (unless {@code onlyResolvedHosts}) system DNS, and applies
 * the address policy to each address it hands to a connection: loopback, private, link-local,
 * unique-local, CGNAT and any-local targets are refused unless explicitly allowed, multicast and
 * reserved ones always. The seed host is checked before a crawl starts, so a refused site gets a
 * clear {@code REFUSED} outcome instead of an empty crawl.
 *
 * <p><b>Pages.</b> Bodies are decoded like a browser would (BOM, header charset, meta charset, then
 * UTF-8 or GB18030; WHATWG label mapping so {@code gb2312} means GBK); the SHA-256 is of the raw
 * body bytes as received (after HTTP content decoding, before charset decoding). Non-HTML responses
 * are published with empty content. A body whose declared length exceeds the cap is rejected; a
 * streamed body is cut at the cap and marked truncated.
 */
package org.sitewatch.crawler;
