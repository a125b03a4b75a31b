package org.sitewatch.infra.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The PostgreSQL database the sink writes to: either a real PostgreSQL started from a jar
 * (embedded, for the local mode and tests) or any server reached by JDBC URL. Either way the
 * caller gets a pooled {@link DataSource}.
 */
public final class Database implements AutoCloseable {
  private final EmbeddedPostgres embedded;
  private final HikariDataSource pool;
  private final String jdbcUrl;

  private Database(EmbeddedPostgres embedded, HikariDataSource pool, String jdbcUrl) {
    this.embedded = embedded;
    this.pool = pool;
    this.jdbcUrl = jdbcUrl;
  }

  /** Starts a fresh embedded PostgreSQL with its data directory under {@code workDir}. */
  public static Database embedded(Path workDir) {
    try {
      Files.createDirectories(workDir);
      Path dataDir = Files.createTempDirectory(workDir, "postgres-");
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(true)
              .setRegisterShutdownHook(false)
              .setPGStartupWait(Duration.ofSeconds(60))
              .start();
      String url = pg.getJdbcUrl("postgres", "postgres");
      return new Database(pg, pool(url, "postgres", ""), url);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL: " + e.getMessage(), e);
    }
  }

  /** Connects to an existing PostgreSQL server. */
  public static Database external(String jdbcUrl, String user, String password) {
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "db.jdbc-url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db), got: "
              + jdbcUrl);
    }
    return new Database(null, pool(jdbcUrl, user, password), jdbcUrl);
  }

  private static HikariDataSource pool(String url, String user, String password) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(4);
    config.setPoolName("sitewatch-db");
    config.setInitializationFailTimeout(-1);
    // Without socket timeouts a network partition blocks the sink in a socket read forever.
    config.addDataSourceProperty("connectTimeout", "10");
    config.addDataSourceProperty("socketTimeout", "60");
    config.addDataSourceProperty("tcpKeepAlive", "true");
    return new HikariDataSource(config);
  }

  public DataSource dataSource() {
    return pool;
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public boolean isEmbedded() {
    return embedded != null;
  }

  @Override
  public void close() {
    pool.close();
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot stop the embedded PostgreSQL", e);
      }
    }
  }
}
