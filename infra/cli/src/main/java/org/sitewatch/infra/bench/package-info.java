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
 *
 * <p>{@code bench faults} ({@link org.sitewatch.infra.bench.FaultsBenchCommand}): {@link
 * org.sitewatch.infra.bench.FaultCluster} starts brokers, PostgreSQL and stage processes ({@link
 * org.sitewatch.infra.bench.ClusterProcess}), {@link org.sitewatch.infra.bench.FaultBenchmark}
 * seeds, injects the faults and waits for idle, {@link org.sitewatch.infra.bench.FaultObserver}
 * reads topics, groups and the database from outside, and {@link
 * org.sitewatch.infra.bench.FaultFigures} turns that into figures (pure, unit-tested). Definitions
 * and figures: docs/operations-fault-benchmark.md.
 *
 * <p>{@code bench pipeline} ({@link org.sitewatch.infra.bench.PipelineBenchCommand}): {@link
 * org.sitewatch.infra.bench.PipelineBenchmark} starts every stage in this process through the
 * all-in-one mode ({@code infra.local.LocalPipeline}) on a {@link
 * org.sitewatch.infra.bench.BenchFarm} with a known share of adult sites, {@link
 * org.sitewatch.infra.bench.VerdictClock} notes when each verdict becomes visible, and {@link
 * org.sitewatch.infra.bench.PipelineBenchResult} holds the rates and the exact fetch-to-verdict and
 * fetch-to-lead percentiles. Definitions and figures: docs/pipeline-benchmark.md.
 *
 * <p>{@code bench scale} ({@link org.sitewatch.infra.bench.ScaleBenchCommand}): {@link
 * org.sitewatch.infra.bench.ScaleBenchmark} fills a stage's input topic, starts N instances of it
 * in a {@link org.sitewatch.infra.bench.FaultCluster} (or runs {@link
 * org.sitewatch.infra.bench.CrawlBenchmark} with N workers) and reports records/s and CPU per
 * record and per instance: the inputs of docs/sizing.md.
 */
package org.sitewatch.infra.bench;
