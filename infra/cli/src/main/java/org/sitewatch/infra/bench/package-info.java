/**
 * Benchmarks that run on this machine only, on loopback, behind {@code sitewatch bench}. They
 * measure; they are not tests and assert nothing but completion.
 *
 * <p><b>{@code bench crawl}</b> (issue 4's crawler benchmark) starts, in this JVM, an embedded Kafka
 * broker and a {@link org.sitewatch.infra.bench.BenchFarm}: {@code --hosts} virtual hosts on
 * 127.0.0.1 ({@code site0001.test} ... , each its own site because {@code .test} is not a public
 * suffix) of {@code --pages} generated pages of 20 to 40 KB, linked as a complete tree so that every
 * page is within the crawler's default depth 3, with a robots.txt that allows everything. The farm
 * answers at once and logs each request's arrival time in nanoseconds. Beside it the command starts
 * {@code --workers} crawler worker processes, each exactly the production stage ({@code sitewatch
 * crawler --config FILE}, the CLI's own class path, a generated config with the farm's resolve
 * table, {@code crawler.only-resolved-hosts}, loopback allowed, {@code --politeness-ms} and {@code
 * --concurrent-sites}), waits until all have joined the consumer group, seeds one request per site
 * and consumes the pages and outcomes topics until every site has a {@code SITE_CRAWLED} outcome.
 * {@code --kill-after-seconds} kills worker 0 with SIGKILL and starts nothing in its place.
 *
 * <p>Figures: pages per second where the benchmark consumes them (fetched, published, acknowledged,
 * delivered), first to last page and over the middle 80% of pages; bytes per second; from the
 * farm's log the smallest gap between two requests to one host and how many gaps were shorter than
 * the delay, and refetches (a URL served more than once; robots.txt counted apart); each worker's
 * CPU seconds ({@code /proc/PID/stat}) and peak resident memory ({@code VmHWM}, sampled every
 * 500 ms, so a killed worker reports its last sample); this process's CPU (broker, farm, consumer)
 * and the farm threads' share; load average and machine CPU use, because other programs on the
 * machine change every figure. Results go to a table and, with {@code --json}, to a file.
 */
package org.sitewatch.infra.bench;
