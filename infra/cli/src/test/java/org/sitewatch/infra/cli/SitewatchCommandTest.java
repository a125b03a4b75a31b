package org.sitewatch.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sitewatch.events.Json;
import org.sitewatch.infra.config.ConfigKeys;

/** Runs of the command line; its helpers serve the command tests of every cli sub-package. */
public class SitewatchCommandTest {
  /** What a run of {@code sitewatch} returned and printed. */
  public record Run(int exitCode, String out, String err) {
    public List<JsonNode> jsonLines() {
      return out.lines()
          .filter(l -> l.startsWith("{"))
          .map(
              l -> {
                try {
                  return Json.mapper().readTree(l);
                } catch (java.io.IOException e) {
                  throw new AssertionError("not JSON: " + l, e);
                }
              })
          .toList();
    }
  }

  public static Run sitewatch(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        SitewatchCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  public static String fixture(String name) {
    return resource("/pages/" + name);
  }

  public static String resource(String name) {
    try {
      return Path.of(SitewatchCommandTest.class.getResource(name).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void classifyPrintsOneJsonLinePerInputWithScoreFlagAndSignals() {
    Run run = sitewatch("classify", fixture("adult-zh.html"), fixture("news-zh.html"));
    assertThat(run.exitCode()).isZero();
    List<JsonNode> lines = run.jsonLines();
    assertThat(lines).hasSize(2);
    JsonNode adult = lines.get(0);
    assertThat(adult.get("input").asText()).endsWith("adult-zh.html");
    assertThat(adult.get("flagged").asBoolean()).isTrue();
    assertThat(adult.get("score").asDouble()).isGreaterThan(0.5);
    assertThat(adult.get("signals")).isNotEmpty();
    assertThat(adult.get("signals").get(0).has("snippet")).isTrue();
    JsonNode news = lines.get(1);
    assertThat(news.get("flagged").asBoolean()).isFalse();
    assertThat(news.get("score").asDouble()).isLessThan(0.2);
  }

  @Test
  void classifyReportsAMissingFileAsAnErrorLineAndExitsNonZero() {
    Run run = sitewatch("classify", fixture("adult-zh.html"), "no/such/file.html");
    assertThat(run.exitCode()).isEqualTo(1);
    List<JsonNode> lines = run.jsonLines();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).get("flagged").asBoolean()).isTrue();
    assertThat(lines.get(1).get("error").asText()).contains("no/such/file.html");
  }

  @Test
  void classifyCutsAPageFileAtTheBodyCapScoresItAndMarksItTruncatedAsAFetchedPageIs(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path adult = Path.of(fixture("adult-zh.html"));
    byte[] page = java.nio.file.Files.readAllBytes(adult);
    Path big = dir.resolve("big.html");
    // the adult page, then filler past the cap: what is kept is scored
    java.nio.file.Files.write(big, page);
    java.nio.file.Files.writeString(
        big, "<p>" + "a".repeat(4096) + "</p>", java.nio.file.StandardOpenOption.APPEND);
    int cap = page.length + 1024;
    Run run = sitewatch("classify", "--set", "crawler.max-body-bytes=" + cap, "" + adult, "" + big);
    assertThat(run.exitCode()).as(run.err()).isZero();
    List<JsonNode> lines = run.jsonLines();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).get("contentTruncated").asBoolean()).isFalse();
    JsonNode cut = lines.get(1);
    assertThat(cut.has("error")).as(cut.toString()).isFalse();
    assertThat(cut.get("contentTruncated").asBoolean()).isTrue();
    assertThat(cut.get("flagged").asBoolean()).isTrue();
    assertThat(cut.get("score").asDouble()).isGreaterThan(0.5);
  }

  @Test
  void unknownConfigurationKeyStopsWithExitCodeTwoAndNamesTheKey() {
    Run run = sitewatch("classify", "--set", "crawler.max-pagez=3", fixture("adult-zh.html"));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("unknown key 'crawler.max-pagez'");
  }

  @Test
  void stageCommandsRefuseToStartWithoutAKafkaCluster() {
    Run run = sitewatch("crawler");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--bootstrap-servers");
  }

  @Test
  void seedRefusesToIgnoreRobotsWithoutAReason() {
    Run run =
        sitewatch(
            "seed", "--bootstrap-servers", "127.0.0.1:1", "--ignore-robots", "http://a-shop.test/");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--ignore-robots needs --reason");
  }

  @Test
  void seedRejectsAnOutOfRangePriority() {
    Run run =
        sitewatch(
            "seed",
            "--bootstrap-servers",
            "127.0.0.1:1",
            "--priority",
            "12",
            "http://a-shop.test/");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--priority must be 0 to 9");
  }

  @Test
  void runNeedsSeeds() {
    Run run = sitewatch("run", "--until-idle");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--seed");
  }

  @Test
  void classifyUrlOnlyScoresAddressesWithoutFetching() {
    Run run =
        sitewatch("classify", "--url-only", "www.free-porn-videos.com", "www.city-library.org");
    assertThat(run.exitCode()).isZero();
    List<JsonNode> lines = run.jsonLines();
    assertThat(lines)
        .extracting(l -> l.get("input").asText())
        .containsExactly("www.free-porn-videos.com", "www.city-library.org");
    assertThat(lines.get(0).get("flagged").asBoolean()).isTrue();
    assertThat(lines.get(1).get("flagged").asBoolean()).isFalse();
    assertThat(lines.get(1).has("score")).isTrue();
  }

  @Test
  void evalReportsPrecisionAndRecallPerSourceAndWritesJson(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path json = dir.resolve("report.json");
    Run run = sitewatch("eval", "--urls", resource("/eval/urls.tsv"), "--json", json.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("test-adult").contains("test-benign").contains("prec");
    JsonNode report = org.sitewatch.events.Json.mapper().readTree(json.toFile());
    JsonNode overall = report.get("overall");
    assertThat(overall.get("tp").asInt() + overall.get("fn").asInt()).isEqualTo(2);
    assertThat(overall.get("tn").asInt() + overall.get("fp").asInt()).isEqualTo(2);
    assertThat(overall.get("fp").asInt()).isZero();
  }

  @Test
  void evalGivesPrecisionAtFixedRecallAndWithCalibrationAReliabilityTable(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path json = dir.resolve("report.json");
    Run run =
        sitewatch(
            "eval",
            "--urls",
            resource("/eval/urls.tsv"),
            "--calibration",
            "--json",
            json.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("precision at fixed recall (2 adult, 2 benign")
        .contains("calibration (4 items")
        .contains("0.90-1.00]");
    JsonNode report = org.sitewatch.events.Json.mapper().readTree(json.toFile());
    assertThat(report.get("overall").get("tp").asInt()).isEqualTo(2);
    assertThat(report.get("precisionAtRecall").get("points")).hasSize(3);
    assertThat(report.get("precisionAtRecall").get("points").get(0).get("level").asDouble())
        .isEqualTo(0.8);
    assertThat(report.get("calibration").get("bins")).hasSize(10);
    assertThat(report.get("calibration").get("count").asInt()).isEqualTo(4);

    Run plain = sitewatch("eval", "--urls", resource("/eval/urls.tsv"));
    assertThat(plain.out()).contains("precision at fixed recall").doesNotContain("calibration");
  }

  @Test
  void configReferenceListsEveryKey() {
    Run run = sitewatch("config-reference");
    assertThat(run.exitCode()).isZero();
    List<String> rows =
        run.out()
            .lines()
            .filter(l -> l.startsWith("| `"))
            .map(l -> String.join(" | ", List.of(l.split(" \\| ", 3)).subList(0, 2)))
            .toList();

    assertThat(ConfigKeys.all()).hasSizeGreaterThan(2);
    assertThat(rows)
        .as("one row per key, in documentation order, with its environment variable")
        .containsExactlyElementsOf(
            ConfigKeys.all().stream()
                .map(k -> "| `" + k.name() + "` | `" + k.envName() + "`")
                .toList());
    assertThat(run.out())
        .contains(
            "| `crawler.allow-private-addresses` | `SITEWATCH_CRAWLER_ALLOW_PRIVATE_ADDRESSES` |")
        .contains("| `db.jdbc-url` | `SITEWATCH_DB_JDBC_URL` | (empty) |");
  }

  @Test
  void errorsThatEchoInputPrintControlCharactersEscaped() {
    Run run = sitewatch("classify", "--set", "crawler.max-pagez\u001b]0;owned\u0007=3", "x.html");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .doesNotContain("\u001b", "\u0007")
        .contains("crawler.max-pagez\\u001b]0;owned\\u0007");
  }
}
