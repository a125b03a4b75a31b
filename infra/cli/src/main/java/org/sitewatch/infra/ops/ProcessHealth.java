package org.sitewatch.infra.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The health of one process, over the stages it runs: whether it is live (no stage stopped on its
 * own) and whether it is ready (every readiness check of every stage holds), as the endpoint
 * answers them ({@code /health/live}, {@code /health/ready}) and {@link HealthWatch} logs them.
 *
 * <p>A check shared by several stages (the process's one {@code kafka} check) is asked once per
 * evaluation. Each evaluation also sets the gauge {@code sitewatch_stage_ready{stage}} (1 ready, 0
 * not), so a scrape of {@code /metrics} never waits for a check.
 */
public final class ProcessHealth {
  /** One check of one stage that does not hold, e.g. {@code sink/postgresql: no answer}. */
  public record Problem(String stage, String check, String problem) {
    @Override
    public String toString() {
      return stage + "/" + check + ": " + problem;
    }
  }

  /**
   * The answer to "ready?".
   *
   * @param lines one line per check, {@code stage/check ok} or {@code stage/check: problem}
   * @param problems the checks that do not hold; empty when ready
   */
  public record Readiness(List<String> lines, List<Problem> problems) {
    public boolean ready() {
      return problems.isEmpty();
    }

    /** The answer's body: one line per check. */
    public String text() {
      return String.join("\n", lines) + "\n";
    }
  }

  private final List<StageHealth> stages = new CopyOnWriteArrayList<>();
  private final Map<String, Boolean> lastReady = new ConcurrentHashMap<>();
  private final MeterRegistry meters;

  /**
   * @param stages the stages of the process, each with a distinct name
   * @param meters where the gauge {@code sitewatch.stage.ready} per stage goes
   */
  public ProcessHealth(List<StageHealth> stages, MeterRegistry meters) {
    this.meters = meters;
    stages.forEach(this::add);
  }

  /**
   * Adds a stage started after the others (the workbench and tip site of {@code up}).
   *
   * @throws IllegalArgumentException if a stage of that name is already there
   */
  public void add(StageHealth stage) {
    if (lastReady.putIfAbsent(stage.stage(), false) != null) {
      throw new IllegalArgumentException("two stages named " + stage.stage());
    }
    Gauge.builder("sitewatch.stage.ready", lastReady, m -> m.get(stage.stage()) ? 1 : 0)
        .tag("stage", stage.stage())
        .description("1 when the stage's readiness checks hold, else 0")
        .register(meters);
    stages.add(stage);
  }

  /** Why the process is not live (a stage stopped on its own), or empty while it is. */
  public Optional<String> notLive() {
    for (StageHealth s : stages) {
      Optional<String> failure = ask(s.failure()::get);
      if (failure.isPresent()) {
        return Optional.of(s.stage() + ": " + failure.get());
      }
    }
    return Optional.empty();
  }

  /** Asks every check of every stage (a shared one once) and records each stage's readiness. */
  public Readiness ready() {
    Map<HealthCheck, Optional<String>> asked = new IdentityHashMap<>();
    List<String> lines = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    Map<String, Boolean> now = new LinkedHashMap<>();
    if (stages.isEmpty()) {
      problems.add(new Problem("process", "started", "no stage has started yet"));
      lines.add(problems.get(0).toString());
    }
    for (StageHealth s : stages) {
      boolean ready = true;
      Optional<String> stopped = ask(s.failure()::get);
      if (stopped.isPresent()) {
        ready = false;
        lines.add(s.stage() + "/running: " + stopped.get());
        problems.add(new Problem(s.stage(), "running", stopped.get()));
      }
      for (HealthCheck check : s.checks()) {
        Optional<String> problem = asked.computeIfAbsent(check, c -> ask(c.problem()::get));
        if (problem.isPresent()) {
          ready = false;
          lines.add(s.stage() + "/" + check.name() + ": " + problem.get());
          problems.add(new Problem(s.stage(), check.name(), problem.get()));
        } else {
          lines.add(s.stage() + "/" + check.name() + " ok");
        }
      }
      now.put(s.stage(), ready);
    }
    lastReady.putAll(now);
    return new Readiness(List.copyOf(lines), List.copyOf(problems));
  }

  /** A check that throws has a problem: its exception. */
  private static Optional<String> ask(java.util.function.Supplier<Optional<String>> question) {
    try {
      Optional<String> answer = question.get();
      return answer == null ? Optional.of("no answer") : answer;
    } catch (RuntimeException e) {
      return Optional.of(e.toString());
    }
  }
}
