package org.sitewatch.infra.stage;

import java.util.List;
import java.util.Optional;
import org.sitewatch.infra.ops.HealthCheck;

/**
 * A started stage, as both the all-in-one mode and a stage command hold it: it can be closed, and
 * it says when it stopped on its own.
 */
public interface Stage extends AutoCloseable {
  /** Why the stage stopped on its own (a fatal error), or empty while it runs. */
  Optional<String> failure();

  /**
   * What must hold for the stage to be ready ({@code /health/ready}): connected to PostgreSQL where
   * it needs it, Streams RUNNING, consumer assigned, not stalled ({@code infra.ops.StallCheck}).
   * Empty: ready while it runs. The {@code kafka} check is the process's, shared by its stages
   * ({@code infra.ops.KafkaHealth}), and added by the process ({@code infra.ops.StageHealth#of}).
   */
  default List<HealthCheck> readiness() {
    return List.of();
  }

  /** {@code checks} followed by {@code more}: a stage's own checks, then its optional ones. */
  static List<HealthCheck> with(List<HealthCheck> more, HealthCheck... checks) {
    List<HealthCheck> all = new java.util.ArrayList<>(List.of(checks));
    all.addAll(more);
    return List.copyOf(all);
  }

  /** Stops the stage and releases what it started; never throws a checked exception. */
  @Override
  void close();
}
