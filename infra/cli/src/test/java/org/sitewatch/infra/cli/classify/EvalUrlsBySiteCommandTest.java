package org.sitewatch.infra.cli.classify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.infra.cli.SitewatchCommandTest;
import org.sitewatch.infra.cli.SitewatchCommandTest.Run;

class EvalUrlsBySiteCommandTest {
  private static final String HEADER = "item\titem_type\tlabel\tsource\tlang_hint\n";

  @TempDir Path dir;

  private Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, HEADER + text, StandardCharsets.UTF_8);
    return p;
  }

  @Test
  void evalWithTrainReportsSeenAndUnseenSitesApartAsTextAndJson() throws Exception {
    Path train =
        write(
            "train.tsv",
            "www.free-porn-videos.com\tdomain\tadult\tlist-a\ten\n"
                + "www.city-library.org\tdomain\tbenign\tlist-b\ten\n");
    Path dev =
        write(
            "dev.tsv",
            "http://free-porn-videos.com/videos/2\turl\tadult\tlist-a\ten\n"
                + "https://catalogue.city-library.org/\turl\tbenign\tlist-b\ten\n"
                + "xxx-tube.net\tdomain\tadult\tlist-a\ten\n"
                + "sexy-cams-live.example\tdomain\tadult\tlist-a\ten\n"
                + "news.example.cn\tdomain\tbenign\tlist-b\tzh\n");
    Path json = dir.resolve("report.json");

    Run run =
        SitewatchCommandTest.sitewatch(
            "eval",
            "--urls",
            dev.toString(),
            "--train",
            train.toString(),
            "--json",
            json.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("precision at fixed recall")
        .contains("seen = registrable domain in train.tsv (2 sites)")
        .containsPattern("\nseen +\\(all\\) +1 +1 ")
        .containsPattern("\nunseen +\\(all\\) +2 +1 ")
        .containsPattern("\nunseen +list-a +2 +0 ");
    JsonNode report = org.sitewatch.events.Json.mapper().readTree(json.toFile());
    assertThat(report.get("overall").get("tp").asInt() + report.get("overall").get("fn").asInt())
        .isEqualTo(3);
    JsonNode split = report.get("siteSplit");
    JsonNode seen = split.get("seenSites").get("overall");
    JsonNode unseen = split.get("unseenSites").get("overall");
    assertThat(seen.get("metrics").get("tp").asInt() + seen.get("metrics").get("fn").asInt())
        .isEqualTo(1);
    assertThat(unseen.get("metrics").get("tp").asInt() + unseen.get("metrics").get("fn").asInt())
        .isEqualTo(2);
    assertThat(unseen.get("metrics").get("tn").asInt() + unseen.get("metrics").get("fp").asInt())
        .isEqualTo(1);
    assertThat(unseen.get("recallAtPrecision").get("target").asDouble()).isEqualTo(0.99);
    assertThat(split.get("unseenSites").get("bySource").has("list-b")).isTrue();
  }

  @Test
  void aMalformedTrainingLineStopsWithItsFileAndLine() throws Exception {
    Path train = write("train.tsv", "ok.example\tdomain\tadult\tx\ten\nbroken-line\n");
    Path dev = write("dev.tsv", "ok.example\tdomain\tadult\tx\ten\n");

    Run run =
        SitewatchCommandTest.sitewatch(
            "eval", "--urls", dev.toString(), "--train", train.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains(train + ":3: expected at least 3 tab-separated columns");
  }

  @Test
  void trainWithoutUrlsIsAUsageError() throws Exception {
    Path train = write("train.tsv", "ok.example\tdomain\tadult\tx\ten\n");

    Run run =
        SitewatchCommandTest.sitewatch(
            "eval", "--pages", dir.toString(), "--train", train.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--train needs --urls");
  }
}
