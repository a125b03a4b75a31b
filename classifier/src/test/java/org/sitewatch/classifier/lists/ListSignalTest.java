package org.sitewatch.classifier.lists;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.page.PageClassifier;
import org.sitewatch.classifier.page.PageInput;
import org.sitewatch.classifier.page.PageScore;
import org.sitewatch.classifier.url.UrlClassifier;
import org.sitewatch.classifier.url.UrlScore;
import org.sitewatch.events.SignalHit;

/** A listed host raises the URL score and the page score, naming the list. */
class ListSignalTest {
  @TempDir Path dir;

  private ClassifierSettings withList() throws IOException {
    KnownSitesTest.importList(dir, "ut1-adult", "quiet-garden.example");
    return ClassifierSettings.builder().listsDir(Optional.of(dir.resolve("lists"))).build();
  }

  @Test
  void theVersionCarriedByVerdictsNamesTheListsInForce() throws IOException {
    PageClassifier plain = PageClassifier.load(ClassifierSettings.defaults());
    PageClassifier listed = PageClassifier.load(withList());
    assertThat(plain.lexiconVersion()).startsWith("builtin-").doesNotContain("+");
    assertThat(listed.lexiconVersion()).matches("builtin-[0-9a-f]{12}\\+lists-[0-9a-f]{12}");
    assertThat(listed.lexiconVersion()).startsWith(plain.lexiconVersion() + "+lists-");

    // the same list name from another source file is another version
    KnownSitesTest.importList(dir, "ut1-adult", "quiet-garden.example", "other.example");
    PageClassifier reimported = PageClassifier.load(withListsDir());
    assertThat(reimported.lexiconVersion())
        .startsWith(plain.lexiconVersion() + "+lists-")
        .isNotEqualTo(listed.lexiconVersion());
  }

  private ClassifierSettings withListsDir() {
    return ClassifierSettings.builder().listsDir(Optional.of(dir.resolve("lists"))).build();
  }

  @Test
  void aListedDomainsUrlScoreRisesAndNamesTheList() throws IOException {
    UrlClassifier plain = UrlClassifier.load(ClassifierSettings.defaults());
    UrlClassifier listed = UrlClassifier.load(withList());

    UrlScore before = plain.classify("https://www.quiet-garden.example/members");
    UrlScore after = listed.classify("https://www.quiet-garden.example/members");

    assertThat(before.flagged()).isFalse();
    assertThat(after.score()).isGreaterThan(before.score());
    assertThat(after.flagged()).isTrue();
    assertThat(after.signals())
        .extracting(SignalHit::id, SignalHit::category, SignalHit::snippet)
        .contains(
            org.assertj.core.groups.Tuple.tuple(
                "url.list:ut1-adult", "known-site", "quiet-garden.example"));
  }

  @Test
  void anUnlistedDomainsUrlScoreIsUnchanged() throws IOException {
    UrlClassifier plain = UrlClassifier.load(ClassifierSettings.defaults());
    UrlClassifier listed = UrlClassifier.load(withList());

    for (String item :
        new String[] {"https://noisy-garden.example/", "freeporntube.example", "garden.example"}) {
      assertThat(listed.classify(item)).isEqualTo(plain.classify(item));
    }
  }

  @Test
  void aPageOnAListedHostCarriesTheListSignalButIsNotFlaggedOnItAlone() throws IOException {
    PageClassifier plain = PageClassifier.load(ClassifierSettings.defaults());
    PageClassifier listed = PageClassifier.load(withList());
    PageInput page =
        new PageInput(
            "https://quiet-garden.example/",
            "<html><title>Quiet garden</title><body>Roses and tulips.</body></html>",
            "text/html",
            Map.of());

    PageScore before = plain.classify(page);
    PageScore after = listed.classify(page);

    assertThat(after.signals()).extracting(SignalHit::id).containsExactly("url.list:ut1-adult");
    assertThat(after.score()).isGreaterThan(before.score());
    assertThat(after.flagged()).isFalse();
  }
}
