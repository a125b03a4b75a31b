package org.sitewatch.infra.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import javax.sql.DataSource;
import org.sitewatch.infra.config.SitewatchConfig;
import org.sitewatch.infra.db.Database;
import org.sitewatch.infra.embedded.EmbeddedKafka;
import org.sitewatch.infra.kafka.KafkaClients;
import org.sitewatch.infra.stage.Closer;
import org.sitewatch.sink.store.Migrations;

/**
 * The Kafka broker and PostgreSQL database of an all-in-one run: embedded ones in the data folder
 * unless the configuration points at real ones. The embedded database is migrated here, as its
 * owner role, and the sink, the analysts' reads and the public tip-off site then log in as their
 * restricted roles; a real database is migrated by {@code sitewatch db migrate} only and used with
 * the configured account. With {@code local.persistent} the embedded ones live in a locked {@link
 * DataDir} and are reopened by the next run; every set-up step here (migrations, roles, grants,
 * generated passwords, the analyst login file) may run again on a reused database.
 */
final class LocalInfrastructure implements AutoCloseable {
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final Path dataDir;
  private final Map<String, Object> kafkaProps;
  private final Database database;
  private final DataSource sinkDb;
  private final DataSource analystDb;
  private final Database.Login analystLogin;
  private final Database.Login tipsLogin;

  LocalInfrastructure(SitewatchConfig config) throws IOException {
    try {
      dataDir = config.local().dataDir().toAbsolutePath();
      DataDir persistent = null;
      if (config.local().persistent()) {
        persistent = DataDir.open(dataDir); // released last: pushed first
        resources.push(persistent);
      } else {
        Files.createDirectories(dataDir);
      }
      String bootstrap = config.kafka().bootstrapServers();
      if (config.kafka().embedded()) {
        EmbeddedKafka kafka =
            persistent != null
                ? EmbeddedKafka.open(persistent.kafkaDir())
                : EmbeddedKafka.start(dataDir);
        resources.push(kafka);
        bootstrap = kafka.bootstrapServers();
      }
      kafkaProps = KafkaClients.props(bootstrap, config.kafka().clientSettings());
      database =
          config.db().embedded()
              ? (persistent != null ? persistent.openDatabase() : Database.local(dataDir))
              : Database.external(
                  config.db().jdbcUrl(), config.db().username(), config.db().password());
      resources.push(database);
      if (database.isEmbedded()) {
        Migrations.migrate(database.dataSource(), config.db().roles(), true);
        Database sinkRole = Database.external(database.login(config.db().roles().sink()));
        resources.push(sinkRole);
        analystLogin = database.login(config.db().roles().analyst());
        Database analystRole = Database.external(analystLogin);
        resources.push(analystRole);
        LocalLogin.write(dataDir, analystLogin);
        // only a login: the public site, when one is served, opens its own pool with it
        tipsLogin = database.login(config.db().roles().tips());
        sinkDb = sinkRole.dataSource();
        analystDb = analystRole.dataSource();
      } else {
        database.requireReachable(); // one line that names the database and the wait (exit 1)
        Migrations.requireCurrent(database.dataSource());
        analystLogin =
            new Database.Login(
                config.db().jdbcUrl(), config.db().username(), config.db().password());
        tipsLogin = analystLogin;
        sinkDb = database.dataSource();
        analystDb = database.dataSource();
      }
    } catch (IOException | RuntimeException e) {
      Closer.closeAll(resources, e);
      throw e;
    }
  }

  /** The run's data folder (absolute). */
  Path dataDir() {
    return dataDir;
  }

  /** Client properties of the broker ({@code bootstrap.servers} and the security settings). */
  Map<String, Object> kafkaProps() {
    return kafkaProps;
  }

  String jdbcUrl() {
    return database.jdbcUrl();
  }

  /** The lead database as the sink role. */
  DataSource sinkDb() {
    return sinkDb;
  }

  /** The lead database as the analyst role. */
  DataSource analystDb() {
    return analystDb;
  }

  Database.Login analystLogin() {
    return analystLogin;
  }

  /**
   * How the public tip-off site logs in: the tips role with a password generated for this run on
   * the embedded database, the configured account on a real one.
   */
  Database.Login tipsLogin() {
    return tipsLogin;
  }

  @Override
  public void close() {
    Closer.closeAll(resources, null);
  }
}
