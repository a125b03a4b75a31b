/**
 * The crawler stage: a Kafka-driven worker that crawls one site per crawl request and publishes
 * what the servers sent.
 *
 * <p><b>Flow.</b> {@link org.sitewatch.crawler.worker.CrawlerWorker} consumes {@code CrawlRequest}s keyed
 * by site (so one worker of the group owns a site at a time). Each request that is not a recent
 * repeat becomes one site crawl: a crawler4j (hs-heilbronn fork) controller with exactly one fetch
 * thread and an in-memory frontier ({@code InMemoryFrontier}: priority, then depth, then arrival;
 * it also tells the crawl the moment its last URL was processed, so the crawl ends without the
 * controller's 2-3 s of idle checks; see {@code docs/frontier.md}). Politeness is the crawl's own
 * ({@code HostPoliteness}): per host, the next request waits the host's delay (politeness delay or
 * capped robots.txt Crawl-delay) counted from the previous response; see {@code
 * docs/politeness.md}. The crawl stays inside the
 * site ({@link
 * org.sitewatch.common.net.Sites#siteOf}: registered domain), publishes one {@code FetchedPage} per
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
 * as a request like a link, and counts as a hop. A {@code RECRAWL} request (the sink's scheduled
 * check of a lead's site) is never skipped as a recent repeat, and every {@code SITE_CRAWLED}
 * outcome says what became of the seed (the crawl's first page or failure): {@code seedStatus},
 * {@code seedSha256}, {@code seedUrl}, or {@code seedError}.
 * A recrawl whose seed looks gone is confirmed under a browser's User-Agent ({@link
 * org.sitewatch.crawler.crawl.GoneConfirmation}). Every {@code SITE_CRAWLED} carries {@code crawlId} (the
 * request record's topic, partition and offset), the same on every attempt, so a duplicate after a
 * crash is harmless.
 *
 * <p><b>Discoveries.</b> Links and redirects to other sites ({@link
 * org.sitewatch.crawler.crawl.Discoveries}: trap limits, one per site, at most {@code
 * maxDiscoveriesPerSite}) go to the {@code crawl-discoveries} topic, co-partitioned with the
 * requests; {@link org.sitewatch.crawler.worker.DiscoveryLane} follows the worker's partition numbers and
 * is read only while the seed lane has no waiting work (docs/topics.md).
 *
 * <p><b>Bounds.</b> Whatever a request asks or a site sends is bounded where the crawler writes
 * it: request URLs pass the trap limits ({@link org.sitewatch.crawler.policy.SeedLimits}), overrides are
 * clamped to the worker's {@link org.sitewatch.crawler.RequestPolicy}, and {@link
 * org.sitewatch.crawler.output.BoundedOutput} cuts URLs, reasons, details, headers, notes and link lists
 * before a topic.
 *
 * <p><b>Crawl state.</b> A running crawl tracks what it fetched and what is pending ({@link
 * org.sitewatch.crawler.state.CrawlProgress}) and publishes it to the compacted crawl-state topic every
 * few URLs, after flushing the page producer ({@link org.sitewatch.crawler.state.CheckpointWriter}); a
 * finished crawl leaves a {@code done} record until its request's offset is committed, then a
 * tombstone. A worker that is assigned a request partition first reads the same partition of the
 * state topic; a redelivered request with a {@code done} record is only committed, one with a
 * running checkpoint resumes from its pending URLs and never fetches its fetched URLs again. A
 * killed worker so costs at most the URLs since the last checkpoint (docs/crawl-state.md).
 *
 * <p><b>Metrics.</b> {@link org.sitewatch.crawler.metrics.CrawlerMetrics} (Micrometer, injected registry)
 * counts pages, bytes and outcomes by kind and reason class as they reach the output, times
 * politeness waits through a wrapper of the fork's politeness server, and gauges active sites and
 * hosts, queue depth and WARC bytes; {@link org.sitewatch.crawler.metrics.MetricsEndpoint} serves a
 * Prometheus registry over HTTP and {@link org.sitewatch.crawler.metrics.MetricsLog} logs a summary line.
 *
 * <p><b>Safety.</b> The HTTP client learns addresses only through a resolver that consults the
 * fixed {@code resolve} map first, then (unless {@code onlyResolvedHosts}) system DNS, and applies
 * the address policy to each address it hands to a connection: loopback and private (RFC 1918,
 * unique-local) targets are refused unless explicitly allowed, every other special-purpose range
 * (0/8, link-local, CGNAT, TEST-NETs, benchmarking, multicast, reserved, Teredo, cloud metadata
 * services ({@link org.sitewatch.crawler.net.CloudMetadata}), NAT64 and 6to4
 * forms of any of these) always. The seed host is checked before a crawl starts, so a refused site
 * gets a clear {@code REFUSED} outcome instead of an empty crawl; redirect targets and other hosts
 * of the site are checked when the HTTP client connects to them.
 *
 * <p><b>Politeness, budgets, traps, priority.</b> {@link org.sitewatch.crawler.policy.SitePolicy} decides,
 * in crawler4j's {@code shouldVisit}, what a crawl fetches: crawl traps ({@link
 * org.sitewatch.crawler.policy.CrawlTraps}), robots.txt ({@link org.sitewatch.crawler.policy.RobotsRules}:
 * crawler-commons rules fetched through the crawl's own client, RFC 9309 status handling, capped
 * Crawl-delay; the fork's robots server is disabled), then the page budget; byte and time budgets
 * stop the crawl before the next fetch. {@link org.sitewatch.crawler.policy.HostPoliteness} spaces requests
 * per host by {@code max(politeness delay, capped Crawl-delay)} counted from the host's last answer.
 * A request's {@code CrawlOverrides} change the budget ({@link org.sitewatch.crawler.policy.SiteBudget});
 * its {@code ignoreRobots} fetches disallowed pages and notes {@code robots-override} on each.
 * Refusals are reported once per site and rule, budgets and counts in {@code SITE_CRAWLED}.
 * Waiting crawls start by request priority ({@link org.sitewatch.crawler.worker.QueuedCrawl}); inside a
 * site, a {@link org.sitewatch.crawler.LinkScorer} sets the frontier priority of each link. See
 * {@code docs/politeness.md}.
 *
 * <p><b>Outside a crawl.</b> {@link org.sitewatch.crawler.fetch.SinglePageFetcher} fetches one URL with the
 * same resolver, policy, timeouts, body cap and decoding (plus an overall deadline and at most five
 * redirects), and {@link org.sitewatch.crawler.fetch.Bodies} decodes a body as the crawler does; the
 * command line's offline {@code classify} uses them.
 *
 * <p><b>Capture.</b> {@link org.sitewatch.crawler.fetch.CapturingPageFetcher} replaces the fork's HTTP
 * client (same pool, resolver and TLS) with one that neither follows redirects nor undoes content
 * codings. For every exchange (pages, 3xx, 4xx/5xx, robots.txt) it reads the raw body up to {@code
 * maxBodyBytes} (a longer one, declared or streamed, is cut there and marked truncated), keeps the
 * request head as sent and the address connected to, writes a {@code response}, {@code request}
 * and {@code metadata} record group through the worker's shared {@link
 * org.sitewatch.crawler.warc.WarcCaptureWriter}, then decodes gzip / deflate / br under the same
 * cap (a gzip bomb stops there, note {@code decompression-capped}). A deadline ({@code
 * totalTimeoutMs}) aborts an exchange whatever the server still sends: a {@code FETCH_FAILED}
 * outcome "total timeout". Redirects are followed by crawler4j as new fetches; {@link
 * org.sitewatch.crawler.fetch.HopTracker} stops a chain after five in a row or when it comes back to one
 * of its own URLs, with a {@code FETCH_FAILED} outcome. Each page carries its {@code WarcRef} (the
 * response record's gzip member) and notes; a failed WARC write still publishes the page, without a
 * reference, plus an {@code OTHER} outcome. See {@code docs/warc.md}.
 *
 * <p><b>Pages.</b> Bodies are decoded like a browser would (BOM, header charset, meta charset, then
 * UTF-8 if valid, else ICU's charset detector for GB18030, Big5, Shift_JIS, EUC-JP and others, else
 * GB18030; WHATWG label mapping so {@code gb2312} means GBK); a header charset that the
 * body is not valid in is overruled by the meta charset or detection (note {@code
 * charset-mismatch}). The SHA-256 is of the body after HTTP content decoding, before charset
 * decoding; the raw bytes are in the WARC payload. Non-HTML responses are recorded and published
 * with empty content (note {@code not-parsed}).
 */
package org.sitewatch.crawler;
