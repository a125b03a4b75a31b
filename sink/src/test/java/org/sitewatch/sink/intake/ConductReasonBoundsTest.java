package org.sitewatch.sink.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sitewatch.events.ConductReason;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.sink.Verdicts;

class ConductReasonBoundsTest {
  private static final String PAGE = "http://vip-videos.example/vip";

  @Test
  void aVerdictWithinTheBoundsIsKeptAsItIs() {
    SiteVerdict v =
        withReasons(
            List.of(new ConductReason("for-profit", "membership-price", "VIP 30 元/月", PAGE)));

    ConductReasonBounds.Bounded bounded = ConductReasonBounds.bound(v);

    assertThat(bounded.verdict()).isSameAs(v);
    assertThat(bounded.cuts()).isEmpty();
  }

  @Test
  void tooManyReasonsKeepTheFirstAndSaySoInTheCuts() {
    List<ConductReason> many = new ArrayList<>();
    for (int i = 0; i < ConductReasonBounds.MAX_REASONS + 6; i++) {
      many.add(new ConductReason("for-profit", "membership-price", "VIP " + i + " 元", PAGE));
    }

    ConductReasonBounds.Bounded bounded = ConductReasonBounds.bound(withReasons(many));

    assertThat(bounded.verdict().conductReasons())
        .hasSize(ConductReasonBounds.MAX_REASONS)
        .first()
        .isEqualTo(many.get(0));
    assertThat(bounded.cuts())
        .containsExactly(
            "6 of "
                + many.size()
                + " reasons dropped (at most "
                + ConductReasonBounds.MAX_REASONS
                + ")");
  }

  @Test
  void oversizedSnippetsIdsAndUrlsAreCutOrEmptied() {
    String longSnippet = "会员专区 ".repeat(10_000);
    String longSignal = "s".repeat(5_000);
    String longUrl = PAGE + "?q=" + "a".repeat(64 * 1024);
    ConductReason big = new ConductReason("for-profit", longSignal, longSnippet, longUrl);

    ConductReasonBounds.Bounded bounded = ConductReasonBounds.bound(withReasons(List.of(big)));

    ConductReason kept = bounded.verdict().conductReasons().get(0);
    assertThat(kept.snippet())
        .hasSize(ConductReasonBounds.MAX_SNIPPET + 1)
        .startsWith("会员专区 ")
        .endsWith("…");
    assertThat(kept.signal()).hasSize(ConductReasonBounds.MAX_ID + 1).endsWith("…");
    assertThat(kept.url()).as("a cut URL would link to another page").isEmpty();
    assertThat(kept.conduct()).isEqualTo("for-profit");
    assertThat(bounded.cuts())
        .containsExactly(
            "2 snippet(s) or id(s) cut to 300 / 100 characters",
            "1 page URL(s) longer than 2048 characters emptied");
  }

  @Test
  void nulAndUnpairedSurrogatesBecomeReplacementCharactersAndPairsAreNeverSplit() {
    // an emoji (a surrogate pair) straddling the snippet bound must not leave half of it behind
    String straddling = "x".repeat(ConductReasonBounds.MAX_SNIPPET - 1) + "😀tail";
    ConductReason bad =
        new ConductReason("for-profit", "pay\0ment", "QR \uD800 code", PAGE + "\uDC00");
    ConductReason edge = new ConductReason("for-profit", "rate", straddling, PAGE);

    ConductReasonBounds.Bounded bounded =
        ConductReasonBounds.bound(withReasons(List.of(bad, edge)));

    ConductReason cleaned = bounded.verdict().conductReasons().get(0);
    assertThat(cleaned.signal()).isEqualTo("pay\uFFFDment");
    assertThat(cleaned.snippet()).isEqualTo("QR \uFFFD code");
    assertThat(cleaned.url()).isEqualTo(PAGE + "\uFFFD");
    assertThat(bounded.verdict().conductReasons().get(1).snippet())
        .isEqualTo("x".repeat(ConductReasonBounds.MAX_SNIPPET - 1) + "…");
    assertThat(bounded.cuts()).contains("3 NUL or unpaired surrogate character(s) replaced");
  }

  private static SiteVerdict withReasons(List<ConductReason> reasons) {
    SiteVerdict v = Verdicts.flagged("vip-videos.example", 1, 0.8);
    return SiteVerdict.builder()
        .site(v.site())
        .revision(1)
        .flagged(true)
        .score(0.8)
        .pagesScored(v.pagesScored())
        .categories(v.categories())
        .signals(v.signals())
        .pages(v.pages())
        .lexiconVersion(v.lexiconVersion())
        .decidedAt(v.decidedAt())
        .conducts(List.of("for-profit"))
        .conductReasons(reasons)
        .build();
  }
}
