package org.sitewatch.sink.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeadTest {
  private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");

  @Test
  void copiesItsListsSoTheCallerCannotChangeIt() {
    List<String> categories = new ArrayList<>(List.of("explicit"));
    Lead lead =
        new Lead(
            1, "vip-videos.example", LeadStatus.NEW, 0.5, categories, null, null, 1, null, T, T);
    categories.add("profit");

    assertThat(lead.categories()).containsExactly("explicit");
    assertThat(lead.signals()).isEmpty();
    assertThat(lead.lexiconVersion()).isEmpty();
  }

  @Test
  void refusesAScoreOutsideZeroToOne() {
    assertThatThrownBy(
            () ->
                new Lead(
                    1,
                    "s.example",
                    LeadStatus.NEW,
                    1.5,
                    List.of(),
                    List.of(),
                    List.of(),
                    1,
                    "",
                    T,
                    T))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesRevisionZero() {
    assertThatThrownBy(
            () ->
                new Lead(
                    1,
                    "s.example",
                    LeadStatus.NEW,
                    0.5,
                    List.of(),
                    List.of(),
                    List.of(),
                    0,
                    "",
                    T,
                    T))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void onlyOpeningAndUpdatingCountAsChanges() {
    assertThat(List.of(ApplyResult.values()))
        .filteredOn(ApplyResult::changed)
        .containsExactly(ApplyResult.OPENED, ApplyResult.UPDATED);
  }

  @Test
  void showsOnlyTheReasonsOfItsOwnConducts() {
    Lead lead =
        new Lead(
            1,
            "vip-videos.example",
            LeadStatus.NEW,
            0.9,
            List.of("explicit"),
            List.of(),
            List.of(),
            1,
            "",
            T,
            T,
            List.of("for-profit"),
            List.of(),
            List.of(),
            List.of(
                new org.sitewatch.events.ConductReason(
                    "for-profit", "rate", "300元/次", "https://vip-videos.example/"),
                new org.sitewatch.events.ConductReason(
                    "without-profit", "kw.x", "free", "https://vip-videos.example/")));

    assertThat(lead.conductsWithReasons()).containsExactly("for-profit");
  }
}
