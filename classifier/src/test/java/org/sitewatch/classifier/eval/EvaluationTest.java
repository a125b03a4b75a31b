package org.sitewatch.classifier.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.page.PageClassifier;
import org.sitewatch.classifier.url.UrlClassifier;
import org.sitewatch.common.text.BoundedLines;
import org.sitewatch.events.Json;

class EvaluationTest {
  private static UrlClassifier urls;
  private static PageClassifier pages;

  @BeforeAll
  static void load() {
    // the rule scorer alone: these tests are about the counting, not about the shipped model
    urls =
        UrlClassifier.load(
            ClassifierSettings.builder()
                .urlModelFile(java.util.Optional.of(fixture("rules-only-url-model.txt")))
                .build());
    pages = PageClassifier.load(ClassifierSettings.defaults());
  }

  private static Path fixture(String name) {
    try {
      return Path.of(EvaluationTest.class.getClassLoader().getResource("eval/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void urlTsvCountsPerSourceAndListsTheErrors() {
    Report r = Evaluation.urlTsv(fixture("urls.tsv"), urls);

    // 4 adult (3 flagged), 3 benign (1 flagged: xxx-band), 2 borderline (1 flagged),
    // 1 blank line ignored
    assertThat(r.skipped()).isZero();
    assertThat(r.overall()).isEqualTo(Report.Metrics.of(3, 1, 2, 1, 2, 1));
    assertThat(r.overall().precision()).isEqualTo(0.75);
    assertThat(r.overall().recall()).isEqualTo(0.75);
    assertThat(r.overall().f1()).isEqualTo(0.75);
    assertThat(r.bySource()).containsOnlyKeys("list-a", "list-b", "list-c");
    assertThat(r.bySource().get("list-a")).isEqualTo(Report.Metrics.of(2, 0, 1, 1, 0, 0));
    assertThat(r.bySource().get("list-b")).isEqualTo(Report.Metrics.of(1, 1, 1, 0, 0, 0));
    assertThat(r.bySource().get("list-c")).isEqualTo(Report.Metrics.of(0, 0, 0, 0, 2, 1));
    assertThat(r.bySource().get("list-c").precision()).isNull();
    assertThat(r.errors())
        .extracting(Report.Miss::item)
        .containsExactly("plainname.example", "xxx-band.example", "sexshop-erotic.example");
    assertThat(r.errors().get(1).signals()).first().asString().startsWith("url.xxx=");
  }

  @Test
  void textReportHasATableAndTheErrors() {
    String text = Evaluation.urlTsv(fixture("urls.tsv"), urls).toText();
    assertThat(text)
        .contains("urls.tsv: 9 counted, 0 skipped")
        .containsPattern(
            "\\(all\\)\\s+9\\s+3\\s+1\\s+2\\s+1\\s+0\\.7500\\s+0\\.7500\\s+0\\.7500\\s+1/2")
        .contains("errors (3):")
        .containsPattern("FN adult\\s+list-a\\s+0\\.\\d+ plainname\\.example")
        .containsPattern("FP benign\\s+list-b\\s+0\\.\\d+ xxx-band\\.example\\s+url\\.xxx=");
  }

  @Test
  void jsonReportCarriesTheFiguresAndOmitsUndefinedOnes() throws IOException {
    JsonNode json = Json.mapper().readTree(Evaluation.urlTsv(fixture("urls.tsv"), urls).toJson());
    assertThat(json.get("overall").get("tp").asInt()).isEqualTo(3);
    assertThat(json.get("overall").get("precision").asDouble()).isEqualTo(0.75);
    assertThat(json.get("bySource").get("list-c").has("precision")).isFalse();
    assertThat(json.get("errors")).hasSize(3);
    assertThat(json.get("skipped").asInt()).isZero();
  }

  @Test
  void aTsvWithoutItemOrLabelColumnsIsRefused(@TempDir Path dir) throws IOException {
    Path tsv = Files.writeString(dir.resolve("bad.tsv"), "url\tclass\nx.example\tadult\n");
    assertThatThrownBy(() -> Evaluation.urlTsv(tsv, urls))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'item' and 'label'");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "just-an-item                              | expected at least 3 tab-separated columns",
        "'\tdomain\tadult\tx\ten'                  | empty item",
        "'a.example\tdomain\tspam\tx\ten'          | label must be adult, benign or borderline",
      })
  void aMalformedLineIsAnErrorNamingFileAndLineNotARowLeftOut(
      String line, String message, @TempDir Path dir) throws IOException {
    Path tsv =
        Files.writeString(
            dir.resolve("urls.tsv"),
            "item\titem_type\tlabel\tsource\tlang_hint\n"
                + "ok.example\tdomain\tadult\tx\ten\n\n"
                + line
                + "\n");
    assertThatThrownBy(() -> Evaluation.urlTsv(tsv, urls))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(tsv + ":4: ")
        .hasMessageContaining(message);
  }

  @Test
  void aLineBeyondTheBoundIsRefusedNamingFileAndLine(@TempDir Path dir) throws IOException {
    Path tsv =
        Files.writeString(
            dir.resolve("urls.tsv"),
            "item\tlabel\n" + "a".repeat(BoundedLines.MAX_LINE * 4) + "\tadult\n");
    assertThatThrownBy(() -> Evaluation.urlTsv(tsv, urls))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(tsv + ":2: line longer than " + BoundedLines.MAX_LINE);
  }

  @Test
  void aPageLargerThanTheBoundIsSkippedAndCounted(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("adult"));
    Files.writeString(dir.resolve("adult/small.html"), "<html><body>hello</body></html>");
    Files.write(dir.resolve("adult/huge.html"), new byte[Evaluation.MAX_PAGE_BYTES + 1]);
    Report r = Evaluation.pages(dir, pages);
    assertThat(r.skipped()).isEqualTo(1);
    assertThat(r.overall().tp() + r.overall().fn()).isEqualTo(1);
  }

  @Test
  void pagesAreLabelledByTheirFirstFolder() {
    Report r = Evaluation.pages(fixture("pages"), pages);

    // adult/ 13 pages (one GBK with a meta charset; 10 disguised as the hard-negative families),
    // benign/ 2 (one GBK without any charset), hard-negative/ 61 (benign), borderline/ 1;
    // index.html at the top level is skipped, notes.txt is not a page
    assertThat(r.skipped()).isEqualTo(1);
    assertThat(r.overall()).as(r.toText()).isEqualTo(Report.Metrics.of(13, 0, 63, 0, 1, 0));
    assertThat(r.bySource()).containsOnlyKeys("adult", "benign", "borderline", "hard-negative");
    assertThat(r.bySource().get("hard-negative")).isEqualTo(Report.Metrics.of(0, 0, 61, 0, 0, 0));
    assertThat(r.errors()).isEmpty();
  }

  @Test
  void aFolderWithoutLabelsGetsTheDefaultLabel() {
    Report r = Evaluation.pages(fixture("pages"), pages, "benign");

    // all 78 pages benign, so the 13 adult pages are false positives listed as errors
    assertThat(r.skipped()).isZero();
    assertThat(r.overall()).isEqualTo(Report.Metrics.of(0, 13, 65, 0, 0, 0));
    assertThat(r.bySource()).containsKeys("(root)", "adult");
    assertThat(r.errors())
        .extracting(Report.Miss::item)
        .hasSize(13)
        .allMatch(item -> item.startsWith("adult/"))
        .contains("adult/en-cams.html", "adult/zh-gbk.html", "adult/zh-vip.html");
    assertThat(r.errors()).allSatisfy(m -> assertThat(m.signals()).isNotEmpty());
  }

  @Test
  void anUnknownDefaultLabelIsRefused() {
    assertThatThrownBy(() -> Evaluation.pages(fixture("pages"), pages, "spam"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pageBytesAreDecodedByBomDeclarationUtf8OrGb18030() {
    String text = "成人视频 色情";
    Charset gbk = Charset.forName("GBK");
    assertThat(Evaluation.decode(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(text);
    assertThat(Evaluation.decode(text.getBytes(gbk))).isEqualTo(text);
    byte[] declared = ("<meta charset=\"gb2312\"><p>" + text).getBytes(gbk);
    assertThat(Evaluation.decode(declared)).endsWith(text);
    byte[] bom = ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8);
    assertThat(Evaluation.decode(bom)).isEqualTo(text);
    byte[] utf16 = ("\uFEFF" + text).getBytes(StandardCharsets.UTF_16LE);
    assertThat(Evaluation.decode(utf16)).isEqualTo(text);
    assertThat(Evaluation.decode(new byte[0])).isEmpty();
  }

  @Test
  void metricsLeaveUndefinedFiguresEmpty() {
    Report.Metrics benignOnly = Report.Metrics.of(0, 0, 30, 0, 0, 0);
    assertThat(benignOnly.precision()).isNull();
    assertThat(benignOnly.recall()).isNull();
    assertThat(benignOnly.f1()).isNull();
    assertThat(benignOnly.total()).isEqualTo(30);
    assertThatThrownBy(() -> Report.Metrics.of(-1, 0, 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
