package org.sitewatch.classifier.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.conduct.ConductDetector;
import org.sitewatch.classifier.page.PageClassifier;

class SiteEvaluationTest {
  private static final ClassifierSettings SETTINGS = ClassifierSettings.defaults();
  private static PageClassifier classifier;

  @BeforeAll
  static void load() {
    classifier = PageClassifier.load(SETTINGS);
  }

  private static Path fixtures() throws URISyntaxException {
    return Path.of(SiteEvaluationTest.class.getResource("/eval/sites").toURI());
  }

  @Test
  void everyConductIsFoundOnTheFixtureSitesWithoutFalseConducts() throws Exception {
    SiteReport report = SiteEvaluation.sites(fixtures(), classifier, SETTINGS);

    assertThat(report.skipped()).isEmpty();
    assertThat(report.sites()).isGreaterThanOrEqualTo(24);
    assertThat(report.errors()).as(report.toText()).isEmpty();
    assertThat(report.byConduct()).containsOnlyKeys(ConductDetector.ORDER);
    report
        .byConduct()
        .forEach(
            (conduct, m) -> {
              assertThat(m.tp()).as(conduct).isPositive();
              assertThat(m.precision()).as(conduct).isEqualTo(1.0);
              assertThat(m.recall()).as(conduct).isEqualTo(1.0);
            });
    assertThat(report.toJson()).contains("\"byConduct\"", "\"for-profit\"");
  }

  @Test
  void aMislabelledSiteIsListedWithWhatItGotAndWhy(@TempDir Path tmp) throws Exception {
    copy(fixtures(), tmp);
    Files.writeString(
        tmp.resolve("en-escort-directory").resolve(SiteEvaluation.LABEL_FILE),
        "without-profit\nsolicitation\n",
        StandardCharsets.UTF_8);

    SiteReport report = SiteEvaluation.sites(tmp, classifier, SETTINGS);

    assertThat(report.errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.site()).isEqualTo("en-escort-directory");
              assertThat(e.expected()).containsExactly("without-profit", "solicitation");
              assertThat(e.got()).containsExactly("for-profit", "solicitation");
              assertThat(e.reasons()).anyMatch(r -> r.startsWith("for-profit rate "));
            });
    assertThat(report.byConduct().get(ConductDetector.WITHOUT_PROFIT).fn()).isEqualTo(1);
    assertThat(report.byConduct().get(ConductDetector.FOR_PROFIT).fp()).isEqualTo(1);
    assertThat(report.toText()).contains("en-escort-directory", "expected [without-profit");
  }

  @Test
  void aSiteWithoutAValidLabelIsSkippedWithTheReason(@TempDir Path tmp) throws Exception {
    Path site = Files.createDirectories(tmp.resolve("odd-site"));
    Files.writeString(site.resolve("index.html"), "<p>成人视频</p>", StandardCharsets.UTF_8);
    Files.writeString(
        site.resolve(SiteEvaluation.LABEL_FILE), "for-proft\n", StandardCharsets.UTF_8);
    Files.createDirectories(tmp.resolve("unlabelled"));

    SiteReport report = SiteEvaluation.sites(tmp, classifier, SETTINGS);

    assertThat(report.sites()).isZero();
    assertThat(report.skipped())
        .containsExactly(
            "odd-site: conduct.txt: unknown conduct 'for-proft', expected one of "
                + ConductDetector.ORDER,
            "unlabelled: no conduct.txt");
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
