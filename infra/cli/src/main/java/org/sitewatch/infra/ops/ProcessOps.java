package org.sitewatch.infra.ops;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.sitewatch.infra.config.Sections;
import org.sitewatch.infra.stage.Closer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every long-running process starts beside its stages (docs/metrics.md): the JVM meters on its
 * registry, the {@link HealthWatch} that logs readiness problems, and, when configured, the {@link
 * OpsEndpoint}. One per process; closed after the stages' work is done (its owner closes it before
 * the registry).
 */
public final class ProcessOps implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProcessOps.class);

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final OpsEndpoint endpoint;

  private ProcessOps(
      PrometheusMeterRegistry meters,
      ProcessHealth health,
      Optional<Sections.Ops.Address> address,
      Clock clock) {
    new JvmMemoryMetrics().bindTo(meters);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(meters);
    started.push(gc);
    new JvmThreadMetrics().bindTo(meters);
    new ProcessorMetrics().bindTo(meters);
    new UptimeMetrics().bindTo(meters);
    OpsEndpoint served = null;
    try {
      started.push(HealthWatch.start(health, clock));
      if (address.isPresent()) {
        served =
            OpsEndpoint.start(meters, health, address.get().bindAddress(), address.get().port());
        started.push(served);
        log.info(
            "operations endpoint at http://{}:{}/ (metrics, health/live, health/ready)",
            address.get().bindAddress(),
            served.port());
      }
    } catch (RuntimeException e) {
      Closer.closeAll(started, e);
      throw e;
    }
    this.endpoint = served;
  }

  /**
   * Starts the process's operations parts.
   *
   * @param address where to serve the endpoint ({@link Sections.Ops#endpoint}), or empty: none
   * @throws java.io.UncheckedIOException if the endpoint's address cannot be bound
   */
  public static ProcessOps start(
      PrometheusMeterRegistry meters,
      ProcessHealth health,
      Optional<Sections.Ops.Address> address,
      Clock clock) {
    return new ProcessOps(meters, health, address, clock);
  }

  /** The port the endpoint listens on, when one runs. */
  public Optional<Integer> port() {
    return Optional.ofNullable(endpoint).map(OpsEndpoint::port);
  }

  /** Stops the endpoint, then the watch. */
  @Override
  public void close() {
    Closer.closeAll(started, null);
  }
}
