package org.sitewatch.infra.ops;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.sitewatch.common.concurrent.Threads;

/**
 * The {@code postgresql} readiness check of a stage that needs the lead database: a {@code SELECT
 * 1} on its own pool answered within {@link #TIMEOUT}. The question runs on a thread of its own,
 * because taking a connection from a pool whose database is gone blocks for the pool's timeout; at
 * most one question is in flight, so a database that never answers costs one thread, not one per
 * probe.
 */
public final class PostgresHealth implements AutoCloseable {
  /** How long the database may take to answer. */
  public static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final DataSource dataSource;
  private final ExecutorService thread;
  private final HealthCheck check = new HealthCheck("postgresql", this::problem);
  private Future<?> inFlight;

  /**
   * @param stage names the thread ({@code sitewatch-health-STAGE-postgresql})
   */
  public PostgresHealth(String stage, DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.thread =
        Executors.newSingleThreadExecutor(
            Threads.named("sitewatch-health-" + stage + "-postgresql").daemon());
  }

  public HealthCheck check() {
    return check;
  }

  private synchronized Optional<String> problem() {
    if (inFlight == null || inFlight.isDone()) {
      inFlight = thread.submit(this::selectOne);
    }
    try {
      inFlight.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return Optional.empty();
    } catch (TimeoutException e) {
      return Optional.of("no answer within " + TIMEOUT.toSeconds() + " s");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return Optional.of(String.valueOf(cause.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted while asking");
    }
  }

  private Void selectOne() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.setQueryTimeout((int) TIMEOUT.toSeconds());
      s.execute("SELECT 1");
      return null;
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
