package org.sitewatch.infra.ops;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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
 * 1} answered within {@link #TIMEOUT}, asked through a pool of its own with one connection (same
 * server, user and settings as the stage's pool): a stage whose pool is busy with its work is still
 * ready, only a database that does not answer is "down". The question runs on a thread of its own,
 * because taking a connection from a pool whose database is gone blocks for the pool's timeout; at
 * most one question is in flight, so a database that never answers costs one thread, not one per
 * probe.
 */
public final class PostgresHealth implements AutoCloseable {
  /** How long the database may take to answer. */
  public static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final DataSource dataSource;
  private final HikariDataSource own; // the one-connection pool made here, or null
  private final ExecutorService thread;
  private final HealthCheck check = new HealthCheck("postgresql", this::problem);
  private Future<?> inFlight;

  /**
   * @param stage names the thread ({@code sitewatch-health-STAGE-postgresql}) and the check's pool
   * @param dataSource the stage's database: a HikariCP pool is copied into a one-connection pool of
   *     the check's own; any other data source (not a pool) is asked directly
   */
  public PostgresHealth(String stage, DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    if (dataSource instanceof HikariDataSource stagePool) {
      own = new HikariDataSource(healthPool(stage, stagePool));
      this.dataSource = own;
    } else {
      own = null;
      this.dataSource = dataSource;
    }
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

  /** The stage pool's server, login and driver settings, with one connection and no meters. */
  static HikariConfig healthPool(String stage, HikariDataSource stagePool) {
    HikariConfig config = new HikariConfig();
    stagePool.copyStateTo(config);
    config.setPoolName("sitewatch-health-" + stage);
    config.setMaximumPoolSize(1);
    config.setMinimumIdle(1);
    config.setConnectionTimeout(TIMEOUT.toMillis());
    config.setInitializationFailTimeout(-1); // start even with the database away: it reads "down"
    // the stage's hikaricp_* meters are the stage pool's (each setter refuses the other's value)
    if (config.getMetricRegistry() != null) {
      config.setMetricRegistry(null);
    }
    if (config.getMetricsTrackerFactory() != null) {
      config.setMetricsTrackerFactory(null);
    }
    config.setHealthCheckRegistry(null);
    return config;
  }

  @Override
  public void close() {
    thread.shutdownNow();
    if (own != null) {
      own.close();
    }
  }
}
