/**
 * What an operator watches: the per-process endpoint ({@code /metrics}, {@code /health/live},
 * {@code /health/ready}) and the readiness checks the stages contribute (docs/metrics.md).
 */
package org.sitewatch.infra.ops;
