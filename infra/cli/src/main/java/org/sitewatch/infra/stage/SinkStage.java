package org.sitewatch.infra.stage;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.sitewatch.infra.config.Sections;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.kafka.KafkaClients;
import org.sitewatch.infra.ops.HealthCheck;
import org.sitewatch.infra.ops.PostgresHealth;
import org.sitewatch.infra.ops.StallCheck;
import org.sitewatch.sink.intake.LeadListener;
import org.sitewatch.sink.intake.LeadSink;
import org.sitewatch.sink.jurisdiction.RouteStore;
import org.sitewatch.sink.recrawl.CheckRecorder;
import org.sitewatch.sink.recrawl.Recrawler;
import org.sitewatch.sink.store.Migrations;
import org.sitewatch.sink.tips.TipFollower;

/**
 * The sink as a process runs it: the lead sink (verdicts in, leads out, each routed to its bureaus
 * in the same transaction), the recorder of recrawl checks, the recrawler that sends the sites of
 * open leads to be checked again (docs/recrawl.md) and the tip follower that moves each tip from
 * report to lead (docs/tips.md). Started by the constructor, closed in reverse order; the data
 * source stays the caller's.
 */
public final class SinkStage implements Stage {
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final RouteStore routes;
  private final LeadSink sink;
  private final CheckRecorder checks;
  private final TipFollower tips;
  private final PostgresHealth database;
  private final List<HealthCheck> stall;

  /**
   * Builds and starts the sink's parts.
   *
   * @param dataSource the lead database as the sink role; its schema must be current (the sink
   *     never migrates: docs/database.md)
   * @param listener told about each opened or updated lead after commit
   * @param meters where the sink's meters go (the process's registry)
   * @throws org.sitewatch.sink.store.SchemaNotCurrentException if the schema is missing or older
   */
  public SinkStage(
      SitewatchConfig cfg,
      DataSource dataSource,
      Map<String, Object> kafkaProps,
      Clock clock,
      LeadListener listener,
      MeterRegistry meters) {
    Migrations.requireCurrent(dataSource);
    Map<String, Object> clients =
        KafkaClients.forStage(kafkaProps, cfg.kafka(), Sections.KafkaStage.SINK);
    routes = Jurisdictions.routeStore(cfg.jurisdiction(), dataSource, clock);
    stall =
        StallCheck.forStage(meters, "sink", cfg.topics().verdicts(), cfg.ops().stallAfter(), clock);
    try {
      database = new PostgresHealth("sink", dataSource);
      started.push(database);
      sink =
          LeadSink.builder(cfg.sink(), dataSource, clients, cfg.topics())
              .clock(clock)
              .listener(listener)
              .hook(routes)
              .meters(meters)
              .build();
      started.push(sink);
      sink.start();
      checks = new CheckRecorder(cfg.sink(), dataSource, clients, cfg.topics(), clock);
      started.push(checks);
      checks.start();
      Recrawler recrawler =
          Recrawler.kafka(cfg.sink().recrawl(), dataSource, clients, cfg.topics(), clock);
      started.push(recrawler);
      recrawler.start();
      tips = new TipFollower(cfg.sink(), dataSource, clients, cfg.topics(), clock, routes);
      started.push(tips);
      tips.start();
    } catch (RuntimeException e) {
      Closer.closeAll(started, e);
      throw e;
    }
  }

  /** The bureaus each lead was routed to (read back by the all-in-one mode's summary). */
  public RouteStore routes() {
    return routes;
  }

  @Override
  public Optional<String> failure() {
    if (!sink.isRunning()) {
      return Optional.of("the lead sink stopped; see the log");
    }
    if (!checks.isRunning()) {
      return Optional.of("the recrawl check recorder stopped; see the log");
    }
    if (!tips.isRunning()) {
      return Optional.of("the tip follower stopped; see the log");
    }
    return Optional.empty();
  }

  /**
   * {@code postgresql}: the lead database answers; {@code consumer-assigned}: the lead sink's
   * consumer holds its share of the verdict partitions; {@code stalled} (unless {@code
   * health.stall-after} is 0): verdicts wait and none was applied for longer than that.
   */
  @Override
  public List<HealthCheck> readiness() {
    return Stage.with(
        stall,
        database.check(),
        new HealthCheck(
            "consumer-assigned",
            () ->
                sink.hasAssignment()
                    ? Optional.empty()
                    : Optional.of("the lead sink's consumer has no partition assignment")));
  }

  /**
   * Closes the tip follower, the recrawler, the check recorder and the lead sink at once (they
   * share nothing but the caller's data source, and each waits on its own Kafka clients: one after
   * the other, with the broker away, their waits would add up); the first failure is thrown.
   */
  @Override
  public void close() {
    List<AutoCloseable> parts = new ArrayList<>(started);
    started.clear();
    Closer.closeConcurrently("sitewatch-sink-close", parts);
  }
}
