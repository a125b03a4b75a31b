package org.sitewatch.classifier.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sitewatch.classifier.keywords.Lexicon;

/** Only a known-site list gives the category known-site; no lexicon or URL rule may name it. */
class CategoryTest {
  @Test
  void knownSiteAndDiscountedAreNoRuleCategories() {
    assertThat(Category.byLabel("known-site")).isEmpty();
    assertThat(Category.byLabel("discounted")).isEmpty();
    assertThat(Category.byLabel("explicit")).isEqualTo(Optional.of(Category.EXPLICIT));
  }

  @Test
  void aLexiconRuleNamingKnownSiteIsRefused() {
    assertThatThrownBy(
            () ->
                Lexicon.load(
                    Optional.empty(), Map.of("operator", "op.fake\tknown-site\t2\tzorblax\n")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown category 'known-site'");
  }

  @Test
  void theListWeightIsTheKnownSiteCap() {
    assertThat(PageClassifier.LIST_WEIGHT).isEqualTo(Category.KNOWN_SITE.cap());
  }
}
