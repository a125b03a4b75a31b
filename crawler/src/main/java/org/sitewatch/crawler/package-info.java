/**
 * The crawler stage: a Kafka-driven worker that crawls one site per crawl request and publishes
 * what the servers sent.
 *
 * <p><b>Flow.</b> {@link org.sitewatch.crawler.CrawlerWorker} consumes {@code CrawlRequest}s keyed
 * by site (so one worker of the group owns a site at a time). Each request that is not a recent
 * repeat becomes one site crawl: a crawler4j (hs-heilbronn fork) controller with exactly one fetch
 * thread and an in-memory frontier ({@code InMemoryFrontier}: priority, then depth, then arrival;
 * it also tells the crawl the moment its last URL was processed, so the crawl ends without the
 * controller's 2-3 s of idle checks, and it can be snapshotted and resumed for a handover).
 * Politeness is the worker's ({@code HostPoliteness}, shared by its crawls): per host, each
 * request reserves the send slot {@code max(now, last + delay)}, and a crawl's own next request
 * counts from the previous response; see {@code docs/frontier.md}. The crawl stays inside the
 * site ({@link
 * org.sitewatch.crawler.Sites#siteOf}: registered domain), publishes one {@code FetchedPage} per
 * response, turns every failure into an {@code Outcome} and publishes links to other sites as new
 * {@code CrawlRequest}s while their hop count stays within {@code maxSiteHops}. Each acted-on
 * request ends with exactly one {@code SITE_CRAWLED} outcome (result {@code ok}, {@code refused} or
 * {@code unreachable}), each ignored one with {@code SKIPPED} or {@code BAD_RECORD}; the all-in-one
 * mode waits for these. A request whose site does not match its URL is a {@code BAD_RECORD}. Offsets
 * are committed at least once: per partition only up to the lowest request whose crawl is
 * unfinished, always after the producer is flushed; partitions are paused while the local backlog
 * is full. The consumer uses the cooperative-sticky assignor, so a rebalance revokes only the
 * partitions that move; when a revoked partition comes back and a request is delivered again, it
 * waits for its still-running crawl or, if its work is done, is only committed, so no request
 * gets a second site-level outcome from the same worker. A redirect to another site is published
 * as a request like a link, and counts as a hop.
 *
 * <p><b>Safety.</b> The HTTP client learns addresses only through a resolver that consults the
 * fixed {@code resolve} map first, then (unless {@code onlyResolvedHosts}) system DNS, and applies
 * the address policy to each address it hands to a connection: loopback and private (RFC 1918,
 * unique-local) targets are refused unless explicitly allowed, every other special-purpose range
 * (0/8, link-local, CGNAT, TEST-NETs, benchmarking, multicast, reserved, Teredo, NAT64 and 6to4
 * forms of any of these) always. The seed host is checked before a crawl starts, so a refused site
 * gets a clear {@code REFUSED} outcome instead of an empty crawl; redirect targets and other hosts
 * of the site are checked when the HTTP client connects to them.
 *
 * <p><b>Outside a crawl.</b> {@link org.sitewatch.crawler.SinglePageFetcher} fetches one URL with the
 * same resolver, policy, timeouts, body cap and decoding (plus an overall deadline and at most five
 * redirects), and {@link org.sitewatch.crawler.Bodies} decodes a body as the crawler does; the
 * command line's offline {@code classify} uses them.
 *
 * <p><b>Pages.</b> Bodies are decoded like a browser would (BOM, header charset, meta charset, then
 * UTF-8 or GB18030; WHATWG label mapping so {@code gb2312} means GBK); the SHA-256 is of the raw
 * body bytes as received (after HTTP content decoding, before charset decoding). Non-HTML responses
 * are published with empty content. A body whose declared length exceeds the cap is rejected; a
 * streamed body is cut at the cap and marked truncated.
 */
package org.sitewatch.crawler;
