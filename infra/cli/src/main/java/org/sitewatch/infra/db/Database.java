package org.sitewatch.infra.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.sitewatch.common.concurrent.Threads;
import org.sitewatch.common.error.Causes;
import org.sitewatch.infra.embedded.EmbeddedPostgresStart;

/**
 * The PostgreSQL database the sink writes to: either a real PostgreSQL started from a jar
 * (embedded, for the local modes and tests) or any server reached by JDBC URL. Either way the
 * caller gets a pooled {@link DataSource}.
 *
 * <p>The embedded server of the local modes ({@link #local}) does not trust local users: its
 * superuser gets a password generated for the run, every connection must give a password
 * (scram-sha-256), and each role the pipeline logs in as gets its own generated password ({@link
 * #login}). {@link #embedded} keeps PostgreSQL's trust authentication, for tests only.
 */
public final class Database implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final EmbeddedPostgres embedded;

  /** How long a close during a stop (an interrupt) waits for the pool. */
  static final Duration STOP_WAIT = Duration.ofSeconds(2);

  private final HikariDataSource pool;

  /**
   * Set when {@link #requireReachable()} got no connection: a connection attempt may be pending.
   */
  private volatile boolean unreachable;

  private final String jdbcUrl;

  private Database(EmbeddedPostgres embedded, HikariDataSource pool, String jdbcUrl) {
    this.embedded = embedded;
    this.pool = pool;
    this.jdbcUrl = jdbcUrl;
  }

  /** Where to connect and as whom. */
  public record Login(String jdbcUrl, String username, String password) {
    public Login {
      Objects.requireNonNull(jdbcUrl, "jdbcUrl");
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public String toString() {
      return "Login[" + username + " at " + maskPassword(jdbcUrl) + ", password=***]";
    }
  }

  /**
   * Starts a fresh embedded PostgreSQL with its data directory under {@code workDir} that trusts
   * every local connection as any user: for tests only; the local modes use {@link #local}.
   */
  public static Database embedded(Path workDir) {
    EmbeddedPostgres pg = start(workDir);
    String url = url(pg);
    return new Database(pg, pool(url, "postgres", ""), url);
  }

  /**
   * Starts a fresh embedded PostgreSQL for the local modes: the superuser's password is generated
   * for this run and every connection authenticates with a password (scram-sha-256), so another
   * local user cannot walk in as superuser.
   */
  public static Database local(Path workDir) {
    return secure(start(workDir), generatePassword());
  }

  /**
   * Starts, or reopens, an embedded PostgreSQL whose data directory is {@code pgDir} itself and is
   * kept on close; as {@link #local}, but the superuser's password is the caller's, kept with the
   * folder, since a reopened server only lets in who knows it. A folder initialized but never
   * secured (a first run killed in between) is secured now. The caller keeps two processes off one
   * folder (PostgreSQL's own lock on it refuses a second server anyway).
   */
  public static Database persistent(Path pgDir, String superuserPassword) {
    EmbeddedPostgres pg;
    try {
      Files.createDirectories(pgDir);
      pg =
          EmbeddedPostgresStart.start(
              port ->
                  EmbeddedPostgres.builder()
                      .setDataDirectory(pgDir)
                      .setCleanDataDirectory(false)
                      .setConnectConfig("password", superuserPassword)
                      .setRegisterShutdownHook(false)
                      .setPGStartupWait(Duration.ofSeconds(60)));
    } catch (IOException | UncheckedIOException e) {
      throw new UncheckedIOException(
          "cannot start the embedded PostgreSQL in " + pgDir + ": " + e.getMessage(),
          e instanceof UncheckedIOException u ? u.getCause() : (IOException) e);
    }
    return secure(pg, superuserPassword);
  }

  /** Sets the superuser's password and requires passwords from every connection (idempotent). */
  private static Database secure(EmbeddedPostgres pg, String password) {
    String url = url(pg);
    try {
      try (Connection c = pg.getPostgresDatabase(Map.of("password", password)).getConnection();
          Statement s = c.createStatement()) {
        s.execute("SET password_encryption = 'scram-sha-256'");
        s.execute("ALTER ROLE postgres PASSWORD " + literal(password));
        requirePasswords(pg, s);
      }
      return new Database(pg, pool(url, "postgres", password), url);
    } catch (SQLException | IOException | RuntimeException e) {
      try {
        pg.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new IllegalStateException(
          "cannot secure the embedded PostgreSQL: " + e.getMessage(), e);
    }
  }

  /**
   * The server's URL without a user: a {@code user} parameter in the URL would override the account
   * each pool logs in as.
   */
  private static String url(EmbeddedPostgres pg) {
    return "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
  }

  /**
   * Starts a server in a fresh data directory under {@code workDir}, on a port no other process
   * took meanwhile ({@link EmbeddedPostgresStart}: each attempt has a data directory of its own,
   * removed with its processes when the attempt fails).
   */
  private static EmbeddedPostgres start(Path workDir) {
    try {
      Files.createDirectories(workDir);
      return EmbeddedPostgresStart.startFresh(
          workDir,
          builder ->
              builder.setRegisterShutdownHook(false).setPGStartupWait(Duration.ofSeconds(60)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the embedded PostgreSQL: " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new UncheckedIOException(
          "cannot start the embedded PostgreSQL: " + e.getCause().getMessage(), e.getCause());
    }
  }

  /** Replaces initdb's "trust" lines with password authentication and reloads the server. */
  private static void requirePasswords(EmbeddedPostgres pg, Statement s)
      throws SQLException, IOException {
    String hbaFile;
    try (var rs = s.executeQuery("SHOW hba_file")) {
      rs.next();
      hbaFile = rs.getString(1);
    }
    Path hba = Path.of(hbaFile);
    List<String> lines =
        Files.readAllLines(hba).stream()
            .map(
                line ->
                    line.strip().startsWith("#")
                        ? line
                        : line.replaceAll("\\btrust\\b", "scram-sha-256"))
            .toList();
    Files.write(hba, lines, StandardOpenOption.TRUNCATE_EXISTING);
    try (var rs = s.executeQuery("SELECT pg_reload_conf()")) {
      rs.next();
    }
  }

  /**
   * Gives {@code role} a password generated now and returns how to log in as it (embedded local
   * databases only; the role must exist).
   */
  public Login login(String role) {
    if (embedded == null) {
      throw new IllegalStateException("generated logins exist only on the embedded database");
    }
    String password = generatePassword();
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("ALTER ROLE \"" + role.replace("\"", "\"\"") + "\" PASSWORD " + literal(password));
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot set the password of role " + role + ": " + e.getMessage(), e);
    }
    return new Login(jdbcUrl, role, password);
  }

  /** Connects to a database as {@code login}. */
  public static Database external(Login login) {
    return external(login.jdbcUrl(), login.username(), login.password());
  }

  /** A new random password (URL-safe Base64, 32 characters). */
  public static String generatePassword() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A SQL string literal of a generated password (URL-safe Base64: no quote can occur). */
  private static String literal(String password) {
    return "'" + password.replace("'", "''") + "'";
  }

  /** Connects to an existing PostgreSQL server. */
  public static Database external(String jdbcUrl, String user, String password) {
    return external(jdbcUrl, user, password, null);
  }

  /**
   * Connects to an existing PostgreSQL server, with the pool's meters ({@code hikaricp_*}) in
   * {@code meters} (the process's registry), or none when it is {@code null}.
   */
  public static Database external(
      String jdbcUrl, String user, String password, MeterRegistry meters) {
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "db.jdbc-url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db), got: "
              + maskPassword(jdbcUrl));
    }
    if (USER_INFO.matcher(jdbcUrl).lookingAt()) {
      // the driver reads no user information: it would take "user:secret" for part of the host
      // name or port, and log it
      throw new IllegalArgumentException(
          "db.jdbc-url must not carry user information (user:password@host), which the PostgreSQL"
              + " driver does not read; give db.username and db.password instead: "
              + maskPassword(jdbcUrl));
    }
    HikariDataSource pool;
    try {
      pool = pool(jdbcUrl, user, password, meters);
    } catch (RuntimeException e) {
      // the pool connects to nothing yet (no initialization wait): what fails here is the URL (one
      // the driver refuses) or the settings, a configuration error. Its message quotes the URL as
      // given, so it is passed on masked, and the exception itself (its stack trace) is not
      String reason = String.valueOf(e.getMessage()).replace(jdbcUrl, maskPassword(jdbcUrl));
      throw new IllegalArgumentException(
          "db.jdbc-url: cannot make a connection pool for "
              + maskPassword(jdbcUrl)
              + ": "
              + maskPassword(reason));
    }
    return new Database(null, pool, jdbcUrl);
  }

  private static HikariDataSource pool(String url, String user, String password) {
    return pool(url, user, password, null);
  }

  private static HikariDataSource pool(
      String url, String user, String password, MeterRegistry meters) {
    HikariConfig config = new HikariConfig();
    if (meters != null) {
      config.setMetricRegistry(meters);
    }
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

  /**
   * A database that the pool could not connect to within its connection timeout (unreachable,
   * hanging, refusing the login): a failure of the deployment, not a bug. The message names the
   * JDBC URL (any password in it masked), the account, the wait, and the driver's reason when it
   * gave one.
   */
  public static final class Unreachable extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    Unreachable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Takes one connection from the pool and gives it back: a database that does not answer fails
   * here, once, with a message that says where and how long it was waited for.
   *
   * @throws Unreachable if no connection came within the pool's connection timeout (30 s)
   */
  public void requireReachable() {
    try (Connection c = pool.getConnection()) {
      // reached
    } catch (SQLException e) {
      unreachable = true;
      throw new Unreachable(
          "cannot connect to the lead database "
              + maskPassword(jdbcUrl)
              + " as "
              + pool.getUsername()
              + " within "
              + Duration.ofMillis(pool.getConnectionTimeout()).toSeconds()
              + " s"
              + reason(e),
          e);
    }
  }

  /** The driver's reason under the pool's "request timed out", if it gave one. */
  private static String reason(SQLException e) {
    return e.getCause() == null
        ? ""
        : Causes.deepestMessage(e.getCause(), Throwable.class).map(m -> ": " + m).orElse("");
  }

  /**
   * User information after {@code //}: an {@code @} before the first {@code =}, {@code &} or {@code
   * ;} (where the parameters start, whose values may hold an {@code @}, such as {@code
   * user=sw@server}), or else an {@code @} before the first {@code ?}, for a password that holds an
   * {@code =}, {@code &} or {@code ;} itself (a base64 password ends in {@code =}). Not only before
   * the first {@code /}, {@code ?} or {@code #}, where a URI's authority ends: a password may hold
   * any of those raw ({@code //sw:pa/ss@host}), and the driver, which reads no user information,
   * would quote such a URL in its refusal. The greedy match ends at the last such {@code @}, so
   * that a password holding one is masked whole. A database name holding a raw {@code @} is taken
   * for user information too (write it {@code %40}); a password holding both a raw {@code ?} and
   * one of {@code =&;} is not recognised.
   */
  private static final String USER_INFO_PART = "//(?:[^=&;]*|[^?]*)@";

  /** A JDBC URL with user information before its host ({@code //user:secret@host}). */
  private static final java.util.regex.Pattern USER_INFO =
      java.util.regex.Pattern.compile("jdbc:postgresql:" + USER_INFO_PART);

  /**
   * {@code url} with secrets replaced by {@code ***}: the value of every parameter whose name ends
   * in {@code password} ({@code password}, {@code sslpassword}, ...) and the user information
   * before a host ({@code user:secret@host}, see {@link #USER_INFO_PART}).
   */
  public static String maskPassword(String url) {
    return url.replaceAll("(?i)([?&;][^?&#;=]*password=)[^&#;]*", "$1***")
        .replaceAll(USER_INFO_PART, "//***@");
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

  /**
   * Closes the pool, then an embedded server. An interrupt of the calling thread, such as the stop
   * that ends the process, does not cut the server's stop short, and is kept for the caller. The
   * pool's close, which waits for a connection attempt in progress (up to its 30 s login timeout,
   * against a database that accepts connections and never answers), is then waited for at most
   * {@link #STOP_WAIT}: the process is ending, an abandoned attempt costs nothing. So is it after
   * {@link #requireReachable()} found the database unreachable (the start is given up, and the
   * pool's next attempt may be pending for another 30 s).
   */
  @Override
  public void close() {
    boolean interrupted = Thread.interrupted();
    try {
      if (interrupted || unreachable) {
        Thread closing = Threads.start("sitewatch-db-close", true, pool::close);
        try {
          closing.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
          // an interrupt during the wait: stop waiting; it is restored below
          interrupted = true;
        }
      } else {
        pool.close();
      }
      if (embedded != null) {
        try {
          embedded.close();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot stop the embedded PostgreSQL", e);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
