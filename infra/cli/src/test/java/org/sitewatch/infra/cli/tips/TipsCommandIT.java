package org.sitewatch.infra.cli.tips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sitewatch.infra.cli.SitewatchCommandTest.sitewatch;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.infra.cli.BackgroundCommand;
import org.sitewatch.infra.cli.WebClient;
import org.sitewatch.infra.db.Database;
import org.sitewatch.infra.local.DataDir;
import org.sitewatch.sink.TestDatabase;
import org.sitewatch.sink.store.DatabaseRoles;
import org.sitewatch.sink.store.Migrations;

/**
 * {@code sitewatch tips} through the real entry point on a real PostgreSQL, as the tips role: it
 * serves the report form on 127.0.0.1, says that without Kafka the sink sends the crawl requests,
 * and stops on Ctrl-C; on a {@code --data-dir} folder it logs in as the tips role by itself.
 */
class TipsCommandIT {
  @TempDir static Path work;
  private static TestDatabase databases;
  private static Database db;

  @BeforeAll
  static void database() {
    databases = TestDatabase.start();
    db = Database.external(databases.roleDatabaseUrl(), "postgres", "");
  }

  @AfterAll
  static void stop() {
    db.close();
    databases.close();
  }

  @Test
  void servesTheReportFormOnLoopbackAsTheTipsRoleAndStopsOnCtrlC() throws Exception {
    try (BackgroundCommand tips =
        BackgroundCommand.start(
            "tips",
            "--jdbc-url",
            db.jdbcUrl(),
            "--set",
            "db.username=" + DatabaseRoles.DEFAULTS.tips(),
            "--port",
            "0")) {
      URI url =
          URI.create(tips.awaitOutput("sitewatch tips: (https?://\\S+)", Duration.ofSeconds(60)));
      assertThat(url.getScheme()).isEqualTo("http");
      assertThat(url.getHost()).isEqualTo("127.0.0.1");
      assertThat(WebClient.listensBeyondLoopback(url.getPort())).isNotEqualTo(Optional.of(true));
      tips.awaitOutput("running; press Ctrl-C", Duration.ofSeconds(10));
      assertThat(tips.out())
          .contains("as " + DatabaseRoles.DEFAULTS.tips())
          .contains("no Kafka")
          .contains("the sink sends their crawl requests")
          .doesNotContain("warning");

      var form = new WebClient(url).get("/");
      assertThat(form.statusCode()).isEqualTo(200);
      assertThat(form.body()).contains("id=\"report-form\"");

      assertThat(tips.stop(Duration.ofSeconds(30))).isZero();
      assertThat(tips.out()).contains("stopping");
    }
  }

  @Test
  void onADataDirItLogsInAsTheTipsRole() throws Exception {
    Path dir = work.resolve("data");
    try (DataDir folder = DataDir.open(dir);
        Database embedded = folder.openDatabase()) {
      Migrations.migrate(embedded.dataSource(), DatabaseRoles.DEFAULTS, true);
    }
    try (BackgroundCommand tips =
        BackgroundCommand.start("tips", "--data-dir", dir.toString(), "--port", "0")) {
      URI url =
          URI.create(tips.awaitOutput("sitewatch tips: (https?://\\S+)", Duration.ofSeconds(90)));
      tips.awaitOutput("running; press Ctrl-C", Duration.ofSeconds(10));
      assertThat(tips.out()).contains("as " + DatabaseRoles.DEFAULTS.tips());
      assertThat(new WebClient(url).get("/").statusCode()).isEqualTo(200);
      assertThat(tips.stop(Duration.ofSeconds(30))).isZero();
    }
  }

  @Test
  void refusesHalfATlsPairAnUnmigratedDatabaseAndAnAccountThatMayNotRecordTips() throws Exception {
    var half =
        sitewatch("tips", "--jdbc-url", db.jdbcUrl(), "--port", "0", "--tls-cert", "cert.pem");
    assertThat(half.exitCode()).isEqualTo(2);
    assertThat(half.err()).contains("give both --tls-cert and --tls-key");

    try (Database empty = Database.external(databases.emptyDatabaseUrl(), "postgres", "")) {
      var unmigrated = sitewatch("tips", "--jdbc-url", empty.jdbcUrl(), "--port", "0");
      assertThat(unmigrated.exitCode()).isEqualTo(2);
      assertThat(unmigrated.err()).contains("run 'sitewatch db migrate'");
    }

    try (var c = db.dataSource().getConnection();
        var s = c.createStatement()) {
      s.execute("CREATE ROLE passer_by LOGIN");
    }
    var stranger = sitewatch("tips", "--jdbc-url", db.jdbcUrl(), "--set", "db.username=passer_by");
    assertThat(stranger.exitCode()).isEqualTo(2);
    assertThat(stranger.err()).contains("passer_by may not record tips", "db.tips-role");
    assertThat(stranger.err().strip().lines()).hasSize(1);
  }
}
