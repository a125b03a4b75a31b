package org.sitewatch.infra.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sitewatch.infra.cli.SitewatchCommandTest.sitewatch;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.events.Json;
import org.sitewatch.infra.demo.DemoFarm;
import org.sitewatch.infra.demo.FarmSite;

/** The {@code run} and {@code classify} commands against sites served on loopback. */
class RunCommandIT {
  @TempDir Path dir;

  @Test
  void runUntilIdleWritesOneJsonLinePerLeadAndExitsZero() throws Exception {
    try (DemoFarm farm = DemoFarm.start(InetAddress.getLoopbackAddress(), 0)) {
      FarmSite adult = pick(farm, "adult", "zh");
      FarmSite negative = pick(farm, "hard-negative", "zh");
      FarmSite ordinary = pick(farm, "ordinary", "en");
      Path seeds = dir.resolve("seeds.txt");
      Files.writeString(
          seeds,
          "# three farm sites\n"
              + farm.seedUrl(adult)
              + "\n"
              + farm.seedUrl(negative)
              + "\n\n"
              + farm.seedUrl(ordinary)
              + "\n",
          StandardCharsets.UTF_8);
      Path leads = dir.resolve("out/leads.jsonl");
      List<String> args =
          new ArrayList<>(
              List.of(
                  "run",
                  "--seeds-file",
                  seeds.toString(),
                  "--allow-loopback",
                  "--until-idle",
                  "--leads-out",
                  leads.toString(),
                  "--set",
                  "local.data-dir=" + dir.resolve("data"),
                  "--set",
                  "crawler.warc-dir=" + dir.resolve("warc"),
                  "--set",
                  "crawler.politeness-delay=50ms",
                  "--set",
                  "crawler.max-site-hops=0",
                  "--set",
                  "crawler.only-resolved-hosts=true",
                  "--set",
                  "local.idle-quiet-period=1s"));
      for (String host : List.of(adult.host(), negative.host(), ordinary.host())) {
        args.add("--resolve");
        args.add(host + "=127.0.0.1");
      }
      var run = sitewatch(args.toArray(String[]::new));
      assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
      List<String> lines = Files.readAllLines(leads, StandardCharsets.UTF_8);
      assertThat(lines).hasSize(1);
      JsonNode lead = Json.mapper().readTree(lines.get(0));
      assertThat(adult.host()).endsWith(lead.get("site").asText());
      assertThat(lead.get("score").asDouble()).isGreaterThan(0.6);
      assertThat(lead.get("categories")).isNotEmpty();
      JsonNode signal = lead.get("signals").get(0);
      assertThat(signal.get("id").asText()).isNotBlank();
      assertThat(signal.get("weight").isNumber()).isTrue();
      assertThat(signal.get("snippet").asText()).isNotBlank();
      assertThat(lead.get("pages")).isNotEmpty();
      assertThat(lead.get("pages").get(0).asText()).startsWith("http://");
      assertThat(run.out()).contains("OPENED").contains("finished");
    }
  }

  @Test
  void classifyFetchesALoopbackUrlOnlyWhenAllowed() throws Exception {
    try (DemoFarm farm = DemoFarm.start(InetAddress.getLoopbackAddress(), 0)) {
      FarmSite adult = pick(farm, "adult", "en");
      String url = farm.seedUrl(adult);
      String resolve = adult.host() + "=127.0.0.1";

      var refused = sitewatch("classify", "--resolve", resolve, url);
      assertThat(refused.exitCode()).isEqualTo(1);
      assertThat(refused.jsonLines().get(0).get("error").asText())
          .contains("refused")
          .contains("--allow-loopback");

      var allowed = sitewatch("classify", "--resolve", resolve, "--allow-loopback", url);
      assertThat(allowed.exitCode()).as(allowed.out() + allowed.err()).isZero();
      JsonNode line = allowed.jsonLines().get(0);
      assertThat(line.get("input").asText()).isEqualTo(url);
      assertThat(line.get("flagged").asBoolean()).isTrue();
    }
  }

  private static FarmSite pick(DemoFarm farm, String kind, String language) {
    return farm.sites().stream()
        .filter(s -> s.kind().equals(kind) && s.language().equals(language))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + "/" + language + " site in the farm"));
  }
}
