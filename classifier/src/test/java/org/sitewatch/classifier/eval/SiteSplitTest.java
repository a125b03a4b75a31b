package org.sitewatch.classifier.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.url.UrlClassifier;
import org.sitewatch.common.text.BoundedLines;
import org.sitewatch.events.Json;

class SiteSplitTest {
  private static final String HEADER = "item\titem_type\tlabel\tsource\tlang_hint\n";

  private static final String TRAIN =
      HEADER
          + "www.free-porn-videos.com\tdomain\tadult\tlist-a\ten\n"
          + "http://news.example.cn/2026/a.html\turl\tbenign\tlist-b\tzh\n"
          + "https://a.blogspot.com/x\turl\tbenign\tlist-b\ten\n"
          + "lingerie.example.org\tdomain\tborderline\tlist-b\ten\n"
          + "\n";

  private static final String DEV =
      HEADER
          // seen: same registrable domain as a training row, other host or path
          + "http://free-porn-videos.com/videos/1\turl\tadult\tlist-a\ten\n"
          + "https://NEWS.example.cn/2026/b.html\turl\tbenign\tlist-b\tzh\n"
          // unseen: new domains; another blogspot.com blog is another site (private suffix);
          // a site trained only as borderline was not learned from
          + "xxx-tube.net\tdomain\tadult\tlist-a\ten\n"
          + "www.city-library.org\tdomain\tbenign\tlist-a\ten\n"
          + "https://b.blogspot.com/\turl\tbenign\tlist-b\ten\n"
          + "lingerie.example.org\tdomain\tbenign\tlist-b\ten\n";

  private static Path write(Path dir, String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  private static UrlClassifier rulesOnly() throws URISyntaxException {
    Path model =
        Path.of(
            SiteSplitTest.class
                .getClassLoader()
                .getResource("eval/rules-only-url-model.txt")
                .toURI());
    return UrlClassifier.load(
        ClassifierSettings.builder().urlModelFile(Optional.of(model)).build());
  }

  @Test
  void rowsAreSplitByWhetherTheTrainingTsvHoldsTheirRegistrableDomain(@TempDir Path dir)
      throws Exception {
    SiteSplit split = SiteSplit.readTraining(write(dir, "train.tsv", TRAIN));
    Report report = Evaluation.urlTsv(write(dir, "dev.tsv", DEV), rulesOnly(), split);
    SiteSplitReport r = split.report();

    assertThat(r.train()).isEqualTo("train.tsv");
    assertThat(r.trainSites()).isEqualTo(3);
    Report.Metrics seen = r.seenSites().overall().metrics();
    Report.Metrics unseen = r.unseenSites().overall().metrics();
    assertThat(seen.tp() + seen.fn()).isEqualTo(1);
    assertThat(seen.fp() + seen.tn()).isEqualTo(1);
    assertThat(unseen.tp() + unseen.fn()).isEqualTo(1);
    assertThat(unseen.fp() + unseen.tn()).isEqualTo(3);
    assertThat(seen.total() + unseen.total()).isEqualTo(report.overall().total());
    assertThat(r.seenSites().bySource()).containsOnlyKeys("list-a", "list-b");
    assertThat(r.seenSites().bySource().get("list-a").metrics().total()).isEqualTo(1);
    assertThat(r.unseenSites().bySource().get("list-a").metrics().total()).isEqualTo(2);
    assertThat(r.unseenSites().bySource().get("list-b").metrics().total()).isEqualTo(2);
    assertThat(r.unseenSites().bySource().get("list-b").metrics().tp()).isZero();
  }

  @Test
  void eachPartHasItsOwnFiguresAtTheThresholdAndAtPrecision099() {
    SiteSplit split = SiteSplit.of("train.tsv", Set.of("known.example"));
    split.scored("https://known.example/a", "adult", "s", 0.9, true);
    split.scored("known.example", "benign", "s", 0.1, false);
    split.scored("new.example", "adult", "s", 0.7, true);
    split.scored("other.example", "adult", "s", 0.4, false);
    split.scored("third.example", "benign", "s", 0.6, true);
    split.scored("fourth.example", "borderline", "s", 0.6, true);

    SiteSplitReport r = split.report();

    assertThat(r.seenSites().overall().metrics()).isEqualTo(Report.Metrics.of(1, 0, 1, 0, 0, 0));
    assertThat(r.seenSites().overall().recallAtPrecision().recall()).isEqualTo(1.0);
    assertThat(r.unseenSites().overall().metrics()).isEqualTo(Report.Metrics.of(1, 1, 0, 1, 1, 1));
    RecallAtPrecision unseen = r.unseenSites().overall().recallAtPrecision();
    assertThat(unseen.recall()).isEqualTo(0.5);
    assertThat(unseen.threshold()).isEqualTo(0.7);
    assertThat(r.unseenSites().bySource().get("s").metrics())
        .isEqualTo(r.unseenSites().overall().metrics());
  }

  @Test
  void textAndJsonNameBothPartsAndTheTrainingFile(@TempDir Path dir) throws Exception {
    SiteSplit split = SiteSplit.of("train.tsv", Set.of("known.example"));
    split.scored("known.example", "adult", "list-a", 0.9, true);
    split.scored("new.example", "benign", "list-a", 0.1, false);
    SiteSplitReport r = split.report();

    assertThat(r.toText())
        .contains("seen = registrable domain in train.tsv (1 sites)")
        .containsPattern("seen +\\(all\\) +1 +0 ")
        .containsPattern("unseen +list-a +0 +1 ");
    JsonNode json =
        Json.mapper()
            .readTree(
                ScoreFigures.of(new ScoredItems(), false)
                    .toJson(
                        new Report(
                            "dev.tsv",
                            Report.Metrics.of(0, 0, 0, 0, 0, 0),
                            java.util.Map.of(),
                            0,
                            java.util.List.of()),
                        Optional.of(r)));
    JsonNode seen = json.get("siteSplit").get("seenSites");
    assertThat(seen.get("overall").get("metrics").get("tp").asInt()).isEqualTo(1);
    assertThat(seen.get("overall").get("recallAtPrecision").get("target").asDouble())
        .isEqualTo(0.99);
    assertThat(json.get("siteSplit").get("trainSites").asInt()).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "just-an-item                              | 3 | expected at least 3 tab-separated columns",
        "'\tdomain\tadult\tx\ten'                  | 3 | empty item",
        "'a.example\tdomain\tspam\tx\ten'          | 3 | label must be adult, benign or borderline",
        "'?q=1\tdomain\tadult\tx\ten'              | 3 | no host in item",
      })
  void aMalformedTrainingLineIsAnErrorNamingFileAndLine(
      String line, int lineNo, String message, @TempDir Path dir) throws Exception {
    Path tsv = write(dir, "train.tsv", HEADER + "ok.example\tdomain\tadult\tx\ten\n" + line + "\n");

    assertThatThrownBy(() -> SiteSplit.readTraining(tsv))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(tsv + ":" + lineNo + ": ")
        .hasMessageContaining(message);
  }

  @Test
  void aTrainingLineBeyondTheBoundIsRefusedNamingFileAndLine(@TempDir Path dir) throws Exception {
    Path tsv =
        write(
            dir, "train.tsv", HEADER + "a".repeat(BoundedLines.MAX_LINE * 4) + "\tdomain\tadult\n");

    assertThatThrownBy(() -> SiteSplit.readTraining(tsv))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(tsv + ":2: line longer than");
  }

  @Test
  void aHeaderBeyondTheBoundIsRefusedNamingFileAndLine(@TempDir Path dir) throws Exception {
    Path tsv = write(dir, "train.tsv", "item\tlabel\t" + "x".repeat(BoundedLines.MAX_LINE * 4));

    assertThatThrownBy(() -> SiteSplit.readTraining(tsv))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(tsv + ":1: line longer than");
  }

  @Test
  void aTrainingTsvWithoutItemAndLabelColumnsIsRefused(@TempDir Path dir) throws Exception {
    Path tsv = write(dir, "train.tsv", "url\tclass\nfoo.example\tadult\n");

    assertThatThrownBy(() -> SiteSplit.readTraining(tsv))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(tsv + ":1: header must name columns 'item' and 'label'");
  }

  @Test
  void anAddressIsReducedToItsRegistrableDomain() {
    assertThat(SiteSplit.siteOf("https://www.Example.co.uk/path?q=1")).contains("example.co.uk");
    assertThat(SiteSplit.siteOf("sub.example.com/x")).contains("example.com");
    assertThat(SiteSplit.siteOf("a.blogspot.com")).contains("a.blogspot.com");
    assertThat(SiteSplit.siteOf("  ")).isEmpty();
  }
}
