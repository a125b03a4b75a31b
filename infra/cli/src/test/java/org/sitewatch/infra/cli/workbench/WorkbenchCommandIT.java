package org.sitewatch.infra.cli.workbench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sitewatch.infra.cli.SitewatchCommandTest.sitewatch;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.infra.cli.BackgroundCommand;
import org.sitewatch.infra.cli.WebClient;
import org.sitewatch.infra.db.Database;
import org.sitewatch.sink.TestDatabase;
import org.sitewatch.sink.Verdicts;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.store.DatabaseRoles;
import org.sitewatch.sink.store.LeadStore;
import org.sitewatch.web.account.Accounts;
import org.sitewatch.web.account.PasswordHasher;
import org.sitewatch.web.account.Role;

/**
 * {@code sitewatch workbench --jdbc-url} through the real entry point on a real PostgreSQL: it
 * serves on 127.0.0.1 by default, says how to add a first account, signs an account in and shows
 * its bureau's lead, and stops on Ctrl-C.
 */
class WorkbenchCommandIT {
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
  void servesOnLoopbackSignsInAndStopsOnCtrlC() throws Exception {
    Lead lead = lead("yellow-pages-videos.example", "110000");
    lead("far-away-videos.example", "440000");
    try (BackgroundCommand wb =
        BackgroundCommand.start(
            "workbench",
            "--jdbc-url",
            db.jdbcUrl(),
            "--set",
            "db.username=" + DatabaseRoles.DEFAULTS.analyst(),
            "--port",
            "0",
            "--warc-dir",
            work.resolve("warc").toString())) {
      URI url =
          URI.create(
              wb.awaitOutput("sitewatch workbench: (https?://\\S+)", Duration.ofSeconds(60)));
      assertThat(url.getScheme()).isEqualTo("http");
      assertThat(url.getHost()).isEqualTo("127.0.0.1");
      assertThat(WebClient.listensBeyondLoopback(url.getPort())).isNotEqualTo(Optional.of(true));
      wb.awaitOutput("running; press Ctrl-C", Duration.ofSeconds(10));
      assertThat(wb.out())
          .contains("no workbench account yet")
          .contains("sitewatch user add NAME --role admin --password-stdin --jdbc-url")
          .contains("crawl requests off");

      WebClient web = new WebClient(url);
      assertThat(web.get("/login").statusCode()).isEqualTo(200);
      assertThat(web.get("/queue").statusCode()).isEqualTo(302);

      new Accounts(db.dataSource(), Clock.systemUTC(), new PasswordHasher(64, 1))
          .add(
              "ana",
              Role.ANALYST,
              Set.of("110000"),
              Optional.of("correct horse 1".toCharArray()),
              "test");
      assertThat(web.signIn("ana", "correct horse 1")).isEqualTo(303);
      var queue = web.get("/queue");
      assertThat(queue.statusCode()).isEqualTo(200);
      assertThat(queue.body()).contains(lead.site()).doesNotContain("far-away-videos.example");

      assertThat(wb.stop(Duration.ofSeconds(30))).isZero();
      assertThat(wb.out()).contains("stopping");
    }
  }

  @Test
  void refusesHalfATlsPairAndAnUnreadableCertificateInOneLine() throws Exception {
    var half =
        sitewatch("workbench", "--jdbc-url", db.jdbcUrl(), "--port", "0", "--tls-cert", "cert.pem");
    assertThat(half.exitCode()).isEqualTo(2);
    assertThat(half.err()).contains("give both --tls-cert and --tls-key");

    Path notPem = Files.writeString(work.resolve("cert.pem"), "not a certificate");
    var bad =
        sitewatch(
            "workbench",
            "--jdbc-url",
            db.jdbcUrl(),
            "--set",
            "db.username=" + DatabaseRoles.DEFAULTS.analyst(),
            "--port",
            "0",
            "--tls-cert",
            notPem.toString(),
            "--tls-key",
            notPem.toString());
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("is not a PEM certificate chain");
    assertThat(bad.err().strip().lines()).hasSize(1);
  }

  private static Lead lead(String site, String bureau) throws Exception {
    LeadStore store = new LeadStore(db.dataSource(), Clock.systemUTC());
    store.apply(Verdicts.flagged(site, 1, 0.9));
    Lead lead = store.findBySite(site).orElseThrow();
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO lead_route (lead_id, bureau, region_code, bases, evidence,"
                    + " computed_at) VALUES (?, ?, ?, ARRAY['ICP_PROVINCE'], '[]', ?)")) {
      s.setLong(1, lead.id());
      s.setString(2, "bureau " + bureau);
      s.setString(3, bureau);
      s.setObject(4, java.sql.Timestamp.from(Instant.now()));
      s.executeUpdate();
    }
    return lead;
  }
}
