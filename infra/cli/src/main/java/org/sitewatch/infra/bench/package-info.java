/**
 * Benchmarks behind {@code sitewatch bench}, run on this machine only, on loopback; they measure
 * and assert nothing but completion.
 *
 * <p>{@link org.sitewatch.infra.bench.BenchCommand} parses the options; {@link
 * org.sitewatch.infra.bench.CrawlBenchmark} runs {@code bench crawl} (broker, {@link
 * org.sitewatch.infra.bench.BenchFarm}, worker processes via {@link
 * org.sitewatch.infra.bench.WorkerProcess}); {@link org.sitewatch.infra.bench.BenchFigures} turns
 * the farm's request log into figures; {@link org.sitewatch.infra.bench.ProcStats} and {@link
 * org.sitewatch.infra.bench.ThreadCpu} read CPU and memory. What is measured and how, and the
 * current figures: docs/crawler-benchmark.md.
 */
package org.sitewatch.infra.bench;
