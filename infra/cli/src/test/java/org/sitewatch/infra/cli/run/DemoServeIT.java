package org.sitewatch.infra.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.infra.cli.BackgroundCommand;
import org.sitewatch.infra.cli.WebClient;

/**
 * {@code sitewatch demo --serve}: once the demo's leads are in, the workbench serves them with a
 * demo account per role; the analyst, on the bureaus the leads were routed to, sees them in its
 * queue; Ctrl-C ends the demo with its usual exit code.
 */
class DemoServeIT {
  @Test
  void keepsTheWorkbenchUpOnTheDemosLeadsWithDemoAccounts(@TempDir Path tmp) throws Exception {
    try (BackgroundCommand demo =
        BackgroundCommand.start(
            "demo",
            "--serve",
            "--workbench-port",
            "0",
            "--set",
            "local.data-dir=" + tmp.resolve("data"),
            "--set",
            "crawler.warc-dir=" + tmp.resolve("warc"),
            "--set",
            "crawler.politeness-delay=50ms")) {
      URI url =
          URI.create(
              demo.awaitOutput(
                  "sitewatch demo: sign in at (\\S+) with a demo account",
                  Duration.ofSeconds(150)));
      assertThat(url.getHost()).isEqualTo("127.0.0.1");
      assertThat(demo.out())
          .contains("every expected site became a lead")
          .contains("the demo's database is temporary");
      Matcher analyst =
          Pattern.compile("\\n  analyst\\s+(\\S+)\\s+analyst\\s+([0-9,]+)").matcher(demo.out());
      assertThat(analyst.find()).as(demo.out()).isTrue();
      assertThat(demo.out()).containsPattern("\\n  admin\\s+\\S+\\s+admin\\s+\\(all\\)");
      assertThat(demo.out()).containsPattern("\\n  auditor\\s+\\S+\\s+auditor\\s+\\(all\\)");
      assertThat(demo.out()).containsPattern("\\n  supervisor\\s+\\S+\\s+supervisor\\s+[0-9,]+");

      WebClient web = new WebClient(url);
      assertThat(web.signIn("analyst", analyst.group(1))).isEqualTo(303);
      var queue = web.get("/queue");
      assertThat(queue.statusCode()).isEqualTo(200);
      Matcher lead = Pattern.compile("#\\d+\\s+(\\S+)\\s+\\d\\.\\d\\d").matcher(demo.out());
      assertThat(lead.find()).isTrue();
      assertThat(queue.body()).contains(lead.group(1));

      assertThat(demo.stop(Duration.ofSeconds(90))).as(demo.toString()).isZero();
    }
  }
}
