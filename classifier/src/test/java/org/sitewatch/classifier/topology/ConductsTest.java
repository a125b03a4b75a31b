package org.sitewatch.classifier.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.events.ConductReason;
import org.sitewatch.events.SignalHit;

class ConductsTest {
  private static final SignalHit EXPLICIT =
      new SignalHit("kw.zh.seqing", "explicit", 1.8, 1, "…色情…", "https://a.test/");

  @ParameterizedTest(name = "flagged={0} evidence=[{1}] explicit={2} -> [{3}]")
  @CsvSource(
      delimiter = '|',
      value = {
        "true|for-profit|true|for-profit",
        "true||true|without-profit",
        "true|showing-audio-video|true|without-profit showing-audio-video",
        "true|for-profit showing-audio-video|true|for-profit showing-audio-video",
        "true|solicitation|false|solicitation",
        "true|solicitation for-profit|true|for-profit solicitation",
        "true|for-profit|false|for-profit",
        "true||false|",
        "false|for-profit solicitation|true|",
        "false||true|",
      })
  void decidesConductsFromTheSiteEvidence(
      boolean flagged, String evidence, boolean explicit, String conducts) {
    List<ConductReason> reasons =
        Conducts.reasons(
            flagged,
            words(evidence).stream()
                .map(c -> new ConductReason(c, "test", "", "https://a.test/x"))
                .toList(),
            explicit ? Optional.of(EXPLICIT) : Optional.empty());

    assertThat(Conducts.of(reasons)).containsExactlyElementsOf(words(conducts));
    assertThat(reasons).extracting(ConductReason::conduct).containsAll(words(conducts));
  }

  @Test
  void withoutProfitNamesTheExplicitContentAsItsReason() {
    assertThat(Conducts.reasons(true, List.of(), Optional.of(EXPLICIT)))
        .containsExactly(
            new ConductReason("without-profit", "kw.zh.seqing", "…色情…", "https://a.test/"));
  }

  @Test
  void mergeKeepsOneReasonPerKindAndTheStrongestKindsUpToTheBound() {
    List<ConductReason> old =
        List.of(
            new ConductReason("for-profit", "kw.zh.fufei", "付费", "https://a.test/1"),
            new ConductReason("for-profit", "top-up", "充值", "https://a.test/1"));
    List<ConductReason> added = new ArrayList<>();
    for (String kind :
        List.of("payment-method", "membership-price", "top-up", "coins", "payment-account")) {
      added.add(new ConductReason("for-profit", kind, kind, "https://a.test/2"));
    }
    added.add(new ConductReason("solicitation", "rate", "300元/次", "https://a.test/3"));

    List<ConductReason> merged = Conducts.merge(old, added, 4);

    assertThat(merged)
        .extracting(r -> r.conduct() + " " + r.signal() + " " + r.url())
        .containsExactly(
            "for-profit payment-account https://a.test/2",
            "for-profit membership-price https://a.test/2",
            "for-profit payment-method https://a.test/2",
            "for-profit top-up https://a.test/1",
            "solicitation rate https://a.test/3");
  }

  private static List<String> words(String s) {
    return s == null || s.isBlank() ? List.of() : Arrays.asList(s.split(" "));
  }
}
