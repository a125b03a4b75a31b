package org.sitewatch.infra.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.sitewatch.infra.cli.SitewatchCommandTest.sitewatch;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.common.net.Sites;
import org.sitewatch.infra.cli.BackgroundCommand;
import org.sitewatch.infra.cli.SitewatchCommand;
import org.sitewatch.infra.cli.WebClient;
import org.sitewatch.infra.demo.DemoFarm;
import org.sitewatch.infra.demo.FarmSite;
import org.sitewatch.infra.local.DataDir;

/**
 * {@code sitewatch up} on a new data folder, through the real entry point and real components: the
 * workbench answers on 127.0.0.1, an account added while it runs (through the analyst login it
 * points to) signs in, a seed from a loopback farm site becomes a lead in that account's queue, the
 * held folder is refused to a second workbench with advice, and Ctrl-C stops everything.
 */
class UpCommandIT {
  @Test
  void servesTheWorkbenchWhileASeedBecomesALeadInItsQueue(@TempDir Path tmp) throws Exception {
    try (DemoFarm farm = DemoFarm.start(InetAddress.getLoopbackAddress(), 0)) {
      FarmSite adult =
          farm.sites().stream()
              .filter(s -> s.expectLead() && s.language().equals("zh"))
              .findFirst()
              .orElseThrow();
      String site = Sites.siteOf(farm.seedUrl(adult));
      Path dir = tmp.resolve("data");
      long start = System.nanoTime();
      try (BackgroundCommand up =
          BackgroundCommand.start(
              "up",
              "--data-dir",
              dir.toString(),
              "--seed",
              farm.seedUrl(adult),
              "--workbench-port",
              "0",
              "--allow-loopback",
              "--resolve",
              adult.host() + "=127.0.0.1",
              "--set",
              "crawler.only-resolved-hosts=true",
              "--set",
              "crawler.warc-dir=" + tmp.resolve("warc"),
              "--set",
              "crawler.politeness-delay=50ms")) {
        URI url =
            URI.create(up.awaitOutput("sitewatch: workbench at (\\S+)", Duration.ofSeconds(90)));
        assertThat(url.getHost()).isEqualTo("127.0.0.1");
        assertThat(WebClient.listensBeyondLoopback(url.getPort())).isNotEqualTo(Optional.of(true));
        up.awaitOutput("no workbench account yet", Duration.ofSeconds(10));
        Path login = DataDir.analystLogin(dir);
        assertThat(up.out()).contains("--config " + login);

        WebClient web = new WebClient(url);
        assertThat(web.get("/login").statusCode()).isEqualTo(200);

        var held = sitewatch("workbench", "--data-dir", dir.toString(), "--port", "0");
        assertThat(held.exitCode()).isEqualTo(2);
        assertThat(held.err())
            .contains("is in use by another Sitewatch")
            .contains("serve a workbench on it with --config " + login);

        int added =
            SitewatchCommand.execute(
                new String[] {
                  "user",
                  "add",
                  "boss",
                  "--role",
                  "admin",
                  "--password-stdin",
                  "--config",
                  login.toString()
                },
                new ByteArrayInputStream("correct horse 1\n".getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(new StringWriter(), true));
        assertThat(added).isZero();
        assertThat(web.signIn("boss", "correct horse 1")).isEqualTo(303);
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> web.get("/queue").body().contains(site));
        System.out.printf(
            "UpCommandIT: seed to lead in the workbench's queue in %d ms%n",
            Duration.ofNanos(System.nanoTime() - start).toMillis());

        assertThat(up.stop(Duration.ofSeconds(90))).as(up.toString()).isZero();
        assertThat(up.out()).contains("stopping");
      }
      // the account and the lead stay in the folder
      var list = sitewatch("user", "list", "--data-dir", dir.toString());
      assertThat(list.exitCode()).as(list.err()).isZero();
      assertThat(list.out()).contains("boss");
    }
  }

  @Test
  void withTipsPortAlsoServesThePublicSiteAndPrintsItsAddress(@TempDir Path tmp) throws Exception {
    try (BackgroundCommand up =
        BackgroundCommand.start(
            "up",
            "--workbench-port",
            "0",
            "--tips-port",
            "0",
            "--set",
            "local.data-dir=" + tmp.resolve("data"),
            "--set",
            "crawler.warc-dir=" + tmp.resolve("warc"))) {
      URI workbench =
          URI.create(up.awaitOutput("sitewatch: workbench at (\\S+)", Duration.ofSeconds(90)));
      URI tips =
          URI.create(
              up.awaitOutput("sitewatch: public tip-off site at (\\S+)", Duration.ofSeconds(30)));
      assertThat(tips.getHost()).isEqualTo("127.0.0.1");
      assertThat(tips.getPort()).isNotEqualTo(workbench.getPort());
      var form = new WebClient(tips).get("/");
      assertThat(form.statusCode()).isEqualTo(200);
      assertThat(form.body()).contains("id=\"report-form\"");
      // the public site shares nothing with the workbench: no sign-in page there
      assertThat(new WebClient(tips).get("/login").statusCode()).isEqualTo(404);

      assertThat(up.stop(Duration.ofSeconds(90))).as(up.toString()).isZero();
    }
  }
}
