package org.sitewatch.classifier.keywords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.keywords.LexiconImport.ImportResult;
import org.sitewatch.classifier.page.PageClassifier;
import org.sitewatch.classifier.page.PageInput;
import org.sitewatch.classifier.page.PageScore;
import org.sitewatch.classifier.page.Scoring;
import org.sitewatch.common.text.BoundedLines;
import org.sitewatch.events.SignalHit;

class LexiconImportTest {
  private static ImportResult sample;

  @BeforeAll
  static void importSample() throws URISyntaxException {
    Path file =
        Path.of(
            LexiconImportTest.class
                .getClassLoader()
                .getResource("e2guardian/sample_weighted.txt")
                .toURI());
    sample = LexiconImport.fromE2guardian(file);
  }

  private static String ruleLine(String id) {
    return sample
        .lexicon()
        .lines()
        .filter(l -> l.startsWith(id + "\t"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no rule " + id + " in\n" + sample.lexicon()));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // id                       | category         | weight | phrase
        "e2g.adult-videos           | explicit         | 4.0    | adult videos",
        "e2g.xxx                    | explicit         | 2.67   | xxx",
        "e2g.porn                   | explicit         | 5.33   | porn*",
        "e2g.sex                    | explicit         | 1.0    | sex*",
        "e2g.adult.members-only     | explicit         | 2.0    | adult* + members only",
        "e2g.18-u-s-c-2257.statement | explicit        | 3.0    | 18 u.s.c. 2257 + statement",
        "e2g.x3935932a              | explicit         | 4.0    | 成人视频",
        "e2g.sex-education          | negative-context | -3.0   | sex education",
        "e2g.breast.cancer          | negative-context | -2.0   | breast* + cancer*",
        "e2g.porn-2                 | explicit         | 3.33   | porn*",
        "e2g.tab-inside             | explicit         | 0.67   | tab inside",
      })
  void convertsWeightedPhrasesWholeWordsAndCombinations(
      String id, String category, String weight, String phrase) {
    assertThat(ruleLine(id)).isEqualTo(id + "\t" + category + "\t" + weight + "\t" + phrase);
  }

  @Test
  void countsConvertedRulesAndReportsEverySkippedLineWithItsNumber() {
    assertThat(sample.converted()).isEqualTo(12);
    assertThat(sample.lexicon().lines().filter(l -> l.startsWith("e2g."))).hasSize(12);
    assertThat(sample.skipped()).hasSize(7);
    assertThat(sample.skipped())
        .anySatisfy(
            s -> assertThat(s).startsWith("line 16: .Include").contains("include not followed"));
    assertThat(sample.skipped())
        .anySatisfy(s -> assertThat(s).startsWith("line 18:").contains("single Chinese character"));
    assertThat(sample.skipped())
        .anySatisfy(s -> assertThat(s).startsWith("line 19:").contains("no searchable words"));
    assertThat(sample.skipped())
        .anySatisfy(s -> assertThat(s).startsWith("line 20:").contains("weight 0"));
    assertThat(sample.skipped())
        .anySatisfy(
            s -> assertThat(s).startsWith("line 21:").contains("unexpected text after the weight"));
    assertThat(sample.skipped())
        .anySatisfy(
            s -> assertThat(s).startsWith("line 22:").contains("not a weighted phrase line"));
    assertThat(sample.skipped()).anySatisfy(s -> assertThat(s).startsWith("line 23:"));
  }

  @Test
  void mapsTheE2guardianPageLimitToOurThreshold() {
    assertThat(Scoring.logistic(Scoring.BIAS + LexiconImport.weight(LexiconImport.E2G_PAGE_LIMIT)))
        .isCloseTo(0.5, Offset.offset(1e-9));
    assertThat(LexiconImport.weight(15)).isEqualTo(1.0);
    assertThat(LexiconImport.weight(-30)).isEqualTo(-2.0);
    assertThat(LexiconImport.weight(1)).isEqualTo(0.07);
    assertThat(LexiconImport.weight(500)).isEqualTo(10.0);
  }

  @Test
  void convertedListLoadsAsAnExtraLexiconAndMatches(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("imported.txt");
    Files.writeString(file, sample.lexicon(), StandardCharsets.UTF_8);
    PageClassifier custom =
        PageClassifier.load(ClassifierSettings.defaults().withLexiconFile(file));
    PageScore score =
        custom.classify(
            new PageInput(
                "https://site.test/p",
                "<p>Thousands of adult videos. The best pornsites, members only for adults.</p>",
                "text/html",
                Map.of()));
    assertThat(score.signals())
        .extracting(SignalHit::id)
        .contains("e2g.adult-videos", "e2g.porn", "e2g.adult.members-only");
    assertThat(score.flagged()).isTrue();
  }

  @Test
  void givesPositiveWeightsTheCategoryAskedFor() {
    ImportResult result =
        LexiconImport.fromE2guardian(
            new StringReader("<escort agency><50>\n<police><-20>\n"), "inline", "solicitation");
    assertThat(result.lexicon())
        .contains("e2g.escort-agency\tsolicitation\t3.33\tescort agency")
        .contains("e2g.police\tnegative-context\t-1.33\tpolice*");
    assertThat(result.converted()).isEqualTo(2);
    assertThat(result.skipped()).isEmpty();
  }

  @Test
  void aLineLongerThanTheBoundStopsTheImportNamingSourceAndLine() {
    String list = "<porn><50>\n<" + "a".repeat(BoundedLines.MAX_LINE * 2) + "><50>\n";
    assertThatThrownBy(
            () -> LexiconImport.fromE2guardian(new StringReader(list), "weighted.txt", "explicit"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("weighted.txt:2: line longer than " + BoundedLines.MAX_LINE);
  }

  @Test
  void aListWhoseLexiconWouldBeLargerThanPublishAcceptsStopsTheImportNamingSourceAndLine() {
    // distinct phrases of six words, about 100 bytes each as a rule: 50,000 pass 4 MiB
    StringBuilder list = new StringBuilder();
    for (int n = 0; n < 50_000; n++) {
      list.append("<w").append(n).append(" quiet garden path river stone><50>\n");
    }
    assertThatThrownBy(
            () ->
                LexiconImport.fromE2guardian(
                    new StringReader(list.toString()), "weighted.txt", "explicit"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("weighted.txt:")
        .hasMessageContaining(
            "the converted lexicon would be larger than " + Lexicon.MAX_BYTES + " bytes");
  }

  @Test
  void aListWithinTheOutputBoundIsConvertedWhole() {
    StringBuilder list = new StringBuilder();
    for (int n = 0; n < 1_000; n++) {
      list.append("<w").append(n).append(" quiet garden path river stone><50>\n");
    }
    ImportResult result =
        LexiconImport.fromE2guardian(new StringReader(list.toString()), "small.txt", "explicit");
    assertThat(result.converted()).isEqualTo(1_000);
    assertThat(result.lexicon().getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(Lexicon.MAX_BYTES);
  }

  @Test
  void refusesANegativeOrUnknownCategoryForPositiveWeights() {
    assertThatThrownBy(
            () -> LexiconImport.fromE2guardian(new StringReader(""), "x", "negative-context"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LexiconImport.fromE2guardian(new StringReader(""), "x", "explict"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("explict");
  }

  @Test
  void reportsTextThatIsNotUtf8(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("gbk.txt");
    Files.write(
        file,
        new byte[] {
          '<', (byte) 0xC9, (byte) 0xAB, (byte) 0xC7, (byte) 0xE9, '>', '<', '4', '0', '>', '\n'
        });
    ImportResult result = LexiconImport.fromE2guardian(file);
    assertThat(result.converted()).isZero();
    assertThat(result.skipped()).singleElement().asString().contains("not UTF-8");
  }
}
