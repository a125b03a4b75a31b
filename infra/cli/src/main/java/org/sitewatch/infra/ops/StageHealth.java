package org.sitewatch.infra.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.sitewatch.infra.stage.Stage;

/**
 * What one stage of a process (crawler, classifier, sink, workbench, tips) contributes to the
 * process's health: its readiness checks and, for a stage that can stop on its own, why it stopped.
 *
 * @param stage short lower-case name, the {@code stage} tag of {@code sitewatch_stage_ready}
 * @param checks what must hold for the stage to be ready
 * @param failure why the stage stopped on its own, or empty while it runs
 */
public record StageHealth(
    String stage, List<HealthCheck> checks, Supplier<Optional<String>> failure) {
  public StageHealth {
    Objects.requireNonNull(stage, "stage");
    if (!stage.matches("[a-z][a-z0-9-]{0,29}")) {
      throw new IllegalArgumentException("invalid stage name: '" + stage + "'");
    }
    checks = List.copyOf(checks);
    Objects.requireNonNull(failure, "failure");
  }

  /**
   * A started stage: the process's shared checks (e.g. {@code kafka}, one per process) first, then
   * the stage's own ({@link Stage#readiness()}).
   */
  public static StageHealth of(String stage, Stage started, List<HealthCheck> shared) {
    List<HealthCheck> all = new ArrayList<>(shared);
    all.addAll(started.readiness());
    return new StageHealth(stage, all, started::failure);
  }

  /** A part that runs until the process stops (the workbench, the tip site). */
  public static StageHealth serving(String stage, List<HealthCheck> checks) {
    return new StageHealth(stage, checks, Optional::empty);
  }
}
