package org.sitewatch.classifier.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.lists.KnownSites;
import org.sitewatch.classifier.lists.ListFormat;
import org.sitewatch.classifier.lists.ListImport;
import org.sitewatch.classifier.lists.SiteList;

/**
 * {@link UrlClassifier#score} (what the crawler ranks links with) gives exactly the score of {@link
 * UrlClassifier#classify}, compared bit for bit over the validation list {@code
 * ../shared/data/urls/dev.tsv} (read by path, skipped where absent) and over addresses a known-site
 * list holds.
 */
class UrlScoreOnlyTest {
  @TempDir Path dir;

  @Test
  void scoreOnlyEqualsTheFullScoreForEveryAddressOfTheValidationList() {
    Path dev = UrlModelOnDevDataTest.devTsv();
    assumeTrue(Files.isRegularFile(dev), "validation list " + dev + " absent");
    UrlClassifier classifier = UrlClassifier.load(ClassifierSettings.defaults());
    List<String> items = new ArrayList<>();
    for (UrlModelTraining.Row row : UrlModelTraining.read(dev).rows()) {
      items.add(row.item());
    }
    assertThat(items).hasSizeGreaterThan(1000);

    assertSameScores(classifier, items);
  }

  @Test
  void scoreOnlyEqualsTheFullScoreForListedAndUnlistedAddresses() throws IOException {
    KnownSites lists =
        KnownSites.of(
            List.of(
                list("ut1-adult", "plainname.example", "videos.example"),
                list("other", "videos.example")));
    UrlClassifier classifier = UrlClassifier.load(ClassifierSettings.defaults(), lists);
    List<String> items =
        List.of(
            "https://plainname.example/",
            "https://www.videos.example/watch?v=1",
            "https://freeporntube.example/hot-videos",
            "http://library.example/opening-hours",
            "kids-school.cn",
            "https://sub.plainname.example/a/b/c.html");

    assertThat(classifier.classify("https://plainname.example/").signals())
        .anyMatch(h -> h.id().startsWith(KnownSites.SIGNAL_PREFIX));
    assertSameScores(classifier, items);
  }

  private static void assertSameScores(UrlClassifier classifier, List<String> items) {
    List<String> differ = new ArrayList<>();
    for (String item : items) {
      double full = classifier.classify(item).score();
      double only = classifier.score(item);
      if (Double.doubleToLongBits(full) != Double.doubleToLongBits(only)) {
        differ.add(item + " full=" + full + " scoreOnly=" + only);
      }
    }
    assertThat(differ).isEmpty();
  }

  private SiteList list(String name, String... domains) throws IOException {
    Path src = dir.resolve(name + ".src");
    Files.writeString(src, String.join("\n", domains) + "\n", StandardCharsets.UTF_8);
    ListImport.Imported imported = ListImport.read(src, ListFormat.DOMAINS);
    Path file =
        SiteList.write(
            dir.resolve("lists"),
            new SiteList.Header(
                name,
                ListFormat.DOMAINS,
                src.getFileName().toString(),
                imported.sha256(),
                imported.domains().size(),
                imported.rejected(),
                Instant.parse("2026-12-07T06:00:00Z")),
            imported);
    return SiteList.read(file);
  }
}
