package org.sitewatch.classifier.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sitewatch.common.text.CharsetSniffer;

/**
 * Every labelled page of the evaluation set is scored right: the adult ones (including adult sites
 * disguised as filter products, reporting forms, dictionaries, clinics and novel sites) flagged,
 * the benign and hard-negative ones (filter and parental-control products with prices, reporting
 * centres, legal texts with fees, dictionaries, clinics, web novels with paid chapters) not.
 */
class FixtureFamiliesTest {
  /** The hard-negative families of issue 14, and the disguised adult pages. */
  private static final List<String> FAMILIES =
      List.of("filter", "report", "legal", "dict", "clinic", "novel");

  private static Path root() {
    try {
      return Path.of(FixtureFamiliesTest.class.getResource("/eval/pages").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<String> labelledPages() throws IOException {
    Path root = root();
    try (Stream<Path> walk = Files.walk(root)) {
      return walk
          .filter(p -> p.getFileName().toString().endsWith(".html"))
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(p -> p.contains("/"))
          .sorted()
          .toList()
          .stream();
    }
  }

  private static PageScore score(String page) throws IOException {
    byte[] bytes = Files.readAllBytes(root().resolve(page));
    String html =
        CharsetSniffer.decode(bytes, null, CharsetSniffer.utf8Else(CharsetSniffer.GB18030)).text();
    return Fixtures.classifier()
        .classify(new PageInput("https://site.test/" + page, html, "text/html", Map.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("labelledPages")
  void everyLabelledPageIsScoredRight(String page) throws IOException {
    PageScore score = score(page);
    boolean adult = page.startsWith("adult/");
    assertThat(score.flagged()).as(page + ": " + Fixtures.explain(score)).isEqualTo(adult);
  }

  @Test
  void everyFamilyHasFivePagesPerLanguageAndFiveDisguisesPerLanguage() throws IOException {
    Map<String, Long> counts =
        labelledPages()
            .map(p -> p.substring(p.indexOf('/') + 1))
            .filter(p -> p.matches("[a-z]+-(zh|en)-.*"))
            .collect(
                Collectors.groupingBy(
                    p -> p.replaceAll("^([a-z]+-(zh|en))-.*", "$1"),
                    TreeMap::new,
                    Collectors.counting()));
    for (String family : FAMILIES) {
      assertThat(counts.get(family + "-zh")).as(family + " zh " + counts).isGreaterThanOrEqualTo(5);
      assertThat(counts.get(family + "-en")).as(family + " en " + counts).isGreaterThanOrEqualTo(5);
    }
    assertThat(counts.get("disguised-zh")).isGreaterThanOrEqualTo(5);
    assertThat(counts.get("disguised-en")).isGreaterThanOrEqualTo(5);
  }

  @Test
  void aFilterProductListsTheTermsItBlocksAsDiscountedWithTheirCue() throws IOException {
    PageScore score = score("hard-negative/filter-zh-1.html");
    assertThat(score.signals())
        .filteredOn(s -> s.category().equals(Category.DISCOUNTED.label()))
        .isNotEmpty()
        .allSatisfy(
            s -> {
              assertThat(s.weight()).isZero();
              assertThat(s.id()).startsWith("ctx.kw.");
              assertThat(s.snippet()).startsWith("object of blocking '");
            });
    assertThat(score.categories()).doesNotContain("explicit", "discounted");
  }

  @Test
  void anAdultSiteKeepsItsOfferedTermsNextToAReportAbuseFooter() throws IOException {
    PageScore score = score("adult/disguised-en-report.html");
    assertThat(score.flagged()).isTrue();
    assertThat(score.categories()).contains("explicit", "profit");
    // only the footer's "protect your kids from adult content" is discounted
    assertThat(score.signals())
        .filteredOn(s -> s.category().equals(Category.DISCOUNTED.label()))
        .extracting(s -> s.id())
        .containsExactly("ctx.kw.en.adult-content");
  }
}
