/**
 * What an operator watches (docs/metrics.md): one {@link org.sitewatch.infra.ops.ProcessOps} per
 * long-running process starts the JVM meters on the process's registry, the {@link
 * org.sitewatch.infra.ops.HealthWatch} that logs readiness problems, and, with {@code
 * metrics.port}, the {@link org.sitewatch.infra.ops.OpsEndpoint} ({@code /metrics}, {@code
 * /health/live}, {@code /health/ready}).
 *
 * <p>Health is built from {@link org.sitewatch.infra.ops.HealthCheck}s: each stage lists its own
 * ({@code Stage.readiness()}: {@code streams}, {@code consumer-assigned}, its {@link
 * org.sitewatch.infra.ops.PostgresHealth}), the process adds the ones it shares ({@link
 * org.sitewatch.infra.ops.KafkaHealth}, one Admin client per process), and {@link
 * org.sitewatch.infra.ops.ProcessHealth} asks them all, for the endpoint and the watch alike. A
 * check must answer within its own timeout and never throw. {@link
 * org.sitewatch.infra.ops.LogFormat} switches the log lines to JSON once the configuration is read.
 */
package org.sitewatch.infra.ops;
