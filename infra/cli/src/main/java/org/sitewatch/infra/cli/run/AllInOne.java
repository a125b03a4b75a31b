package org.sitewatch.infra.cli.run;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.Outcome;
import org.sitewatch.infra.cli.LeadJson;
import org.sitewatch.infra.cli.ShutdownHook;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.local.LocalPipeline;
import org.sitewatch.infra.local.PipelineListener;
import org.sitewatch.infra.ops.ProcessOps;
import org.sitewatch.infra.stage.Closer;
import org.sitewatch.sink.lead.ApplyResult;
import org.sitewatch.sink.lead.Lead;

/** Runs the all-in-one pipeline on a list of seeds for {@code demo} and {@code run}. */
final class AllInOne {
  private final PrintWriter out;
  private final Clock clock;
  private final ShutdownHook hook;
  private final AtomicReference<Instant> lastLeadAt = new AtomicReference<>();

  /**
   * @param hook the process's one shutdown hook, installed by the command before it read its
   *     configuration (so that a stop from then on is a clean stop) and closed by it after the run
   */
  AllInOne(PrintWriter out, Clock clock, ShutdownHook hook) {
    this.out = out;
    this.clock = clock;
    this.hook = hook;
  }

  /**
   * Whether a signal came while the command read its configuration (and the read did not fail with
   * it); if so says that the command stopped while starting. The command then returns 0.
   */
  boolean stoppedWhileStarting(String command) {
    if (!hook.stopping()) {
      return false;
    }
    out.printf("sitewatch %s: stopped while starting%n", command);
    out.flush();
    return true;
  }

  /** Outcome of one all-in-one run. */
  record Result(
      boolean drained,
      List<Lead> leads,
      Set<String> seededSites,
      Duration toLastLead,
      Duration total,
      Map<Outcome.Kind, Integer> outcomes,
      Map<Long, List<String>> jurisdiction) {}

  /**
   * What an all-in-one run serves on its lead store while it runs (the workbench): started when the
   * pipeline is up, or, for a run until idle, once it has drained (with that moment's result), and
   * then kept until Ctrl-C. What it returns is closed before the pipeline.
   */
  interface Serving {
    AutoCloseable start(LocalPipeline pipeline, Optional<Result> drained) throws Exception;
  }

  Result run(
      SitewatchConfig config,
      List<String> seeds,
      CrawlRequest.Source source,
      boolean untilIdle,
      Path leadsOut)
      throws Exception {
    return run(config, seeds, source, untilIdle, leadsOut, null);
  }

  /**
   * Runs the pipeline on {@code seeds} (none: it waits for crawl requests); until idle, or until
   * Ctrl-C. With {@code serving}, a run until idle goes on serving after it drained, until Ctrl-C.
   */
  Result run(
      SitewatchConfig config,
      List<String> seeds,
      CrawlRequest.Source source,
      boolean untilIdle,
      Path leadsOut,
      Serving serving)
      throws Exception {
    Instant start = clock.instant();
    PipelineListener listener =
        new PipelineListener() {
          @Override
          public void onLead(Lead lead, ApplyResult result) {
            lastLeadAt.set(clock.instant());
            synchronized (out) {
              out.printf(
                  "%-8s lead #%d %-28s score %.2f  %s%n",
                  result,
                  lead.id(),
                  lead.site(),
                  lead.score(),
                  String.join(",", lead.categories()));
              if (result == ApplyResult.OPENED) {
                if (!lead.conducts().isEmpty()) {
                  out.printf("           conduct: %s%n", String.join(", ", lead.conducts()));
                }
                lead.signals().stream()
                    .limit(3)
                    .forEach(
                        s ->
                            out.printf(
                                "           %-36s %+.2f  \u201c%s\u201d%n",
                                s.id(), s.weight(), oneLine(s.snippet())));
              }
              out.flush();
            }
          }
        };
    // the process's shutdown hook interrupts this thread, which then closes every stage (and the
    // embedded broker and database); the command closes the hook once this returned
    try (LocalPipeline pipeline = LocalPipeline.start(config, clock, listener);
        ProcessOps ops =
            ProcessOps.start(
                pipeline.meters(),
                pipeline.health(),
                config.ops().endpoint(config.crawlerMetrics(), true),
                clock)) {
      out.printf(
          "sitewatch: Kafka %s, PostgreSQL %s%n",
          pipeline.bootstrapServers(),
          org.sitewatch.infra.db.Database.maskPassword(pipeline.jdbcUrl()));
      ops.port()
          .ifPresent(
              port ->
                  out.printf(
                      "sitewatch: operations endpoint at http://%s:%d/metrics (and /health/live,"
                          + " /health/ready)%n",
                      config
                          .ops()
                          .endpoint(config.crawlerMetrics(), true)
                          .orElseThrow()
                          .bindAddress(),
                      port));
      Deque<AutoCloseable> served = new ArrayDeque<>();
      Set<String> sites = Set.of();
      boolean drained = false;
      try {
        if (serving != null && !untilIdle) {
          served.push(serving.start(pipeline, Optional.empty()));
        }
        if (!seeds.isEmpty()) {
          sites = pipeline.seed(seeds, source);
          out.printf("sitewatch: seeded %d URL(s) on %d site(s)%n", seeds.size(), sites.size());
          out.flush();
        }
        if (untilIdle) {
          drained = pipeline.awaitIdle(sites, config.local().idleTimeout());
          if (serving != null) {
            served.push(
                serving.start(pipeline, Optional.of(result(pipeline, start, drained, sites))));
            runUntilStopped(pipeline);
          }
        } else {
          drained = true; // a run without an end has nothing to drain
          runUntilStopped(pipeline);
        }
      } catch (InterruptedException e) {
        out.println("sitewatch: stopping");
        out.flush();
      } catch (Exception e) {
        Closer.closeAll(served, e);
        throw e;
      }
      Closer.closeAll(served, null);
      Result result = result(pipeline, start, drained, sites);
      if (leadsOut != null) {
        writeLeads(result.leads(), leadsOut);
      }
      return result;
    }
  }

  /**
   * Blocks until Ctrl-C (an interrupt); a stage that stops on its own ends the run with an error.
   */
  private void runUntilStopped(LocalPipeline pipeline) throws InterruptedException {
    out.println("sitewatch: running; press Ctrl-C to stop");
    out.flush();
    throw new IllegalStateException(pipeline.awaitStageFailure());
  }

  private Result result(LocalPipeline pipeline, Instant start, boolean drained, Set<String> sites) {
    List<Lead> leads = pipeline.leads();
    Instant end = clock.instant();
    Instant last = lastLeadAt.get();
    Map<Long, List<String>> jurisdiction = new HashMap<>();
    for (Lead lead : leads) {
      pipeline
          .routing(lead.id())
          .ifPresent(
              r -> {
                List<String> lines = new ArrayList<>();
                r.routes()
                    .forEach(
                        route ->
                            lines.add(
                                "-> "
                                    + route.bureau().name()
                                    + " ("
                                    + route.regionCode()
                                    + "; "
                                    + route.bases().stream()
                                        .map(Enum::name)
                                        .collect(Collectors.joining(", "))
                                    + ")"));
                r.conflicts().forEach(c -> lines.add("!  " + c.kind() + ": " + c.detail()));
                jurisdiction.put(lead.id(), lines);
              });
    }
    return new Result(
        drained,
        leads,
        sites,
        last == null ? null : Duration.between(start, last),
        Duration.between(start, end),
        pipeline.outcomeCounts(),
        jurisdiction);
  }

  static void writeLeads(List<Lead> leads, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Lead lead : leads) {
        w.write(LeadJson.line(lead));
        w.write('\n');
      }
    }
  }

  void printSummary(Result r) {
    out.println();
    out.printf(
        "sitewatch: %s after %.1f s; %d site(s) seeded, %d lead(s)%n",
        r.drained() ? "finished" : "TIMED OUT waiting for the pipeline to drain",
        r.total().toMillis() / 1000.0,
        r.seededSites().size(),
        r.leads().size());
    if (r.toLastLead() != null) {
      out.printf(
          "sitewatch: last lead opened %.1f s after start%n", r.toLastLead().toMillis() / 1000.0);
    }
    out.printf("sitewatch: outcomes %s%n", r.outcomes());
    for (Lead lead : r.leads()) {
      out.printf(
          "  #%-3d %-30s %.2f  %-30s %d page(s)%n",
          lead.id(),
          lead.site(),
          lead.score(),
          String.join(",", lead.conducts().isEmpty() ? lead.categories() : lead.conducts()),
          lead.pages().size());
      lead.identifiers().stream()
          .limit(4)
          .forEach(
              i ->
                  out.printf(
                      "         %-18s %s%s%n",
                      i.type(),
                      i.value(),
                      "false".equals(i.attributes().get("consistent"))
                          ? "  (province and area code disagree)"
                          : ""));
      r.jurisdiction()
          .getOrDefault(lead.id(), List.of())
          .forEach(line -> out.printf("         %s%n", line));
    }
    out.flush();
  }

  static String oneLine(String s) {
    String t = s.replaceAll("\\s+", " ").trim();
    return t.length() > 80 ? t.substring(0, 80) + "\u2026" : t;
  }
}
