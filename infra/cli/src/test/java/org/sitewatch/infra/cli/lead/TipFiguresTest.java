package org.sitewatch.infra.cli.lead;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sitewatch.sink.stats.FollowUpStats;
import org.sitewatch.sink.stats.TipStats;

class TipFiguresTest {
  private static final TipStats SOME =
      new TipStats(
          5,
          Map.of("WEB", 4L, "HOTLINE", 1L),
          8,
          Map.of("ACTION_TAKEN", 2L, "RECEIVED", 6L),
          2,
          new FollowUpStats.Times(
              2, Optional.of(Duration.ofSeconds(95)), Optional.of(Duration.ofMinutes(70))),
          List.of(
              new TipStats.ReportedSite("example.cn", 3, "NEW"),
              new TipStats.ReportedSite("example.com", 1, "")));

  @Test
  void textListsEveryChannelAndStatusTheShareTimesAndTopSites() {
    String text = new TipFigures(SOME).toText();
    assertThat(text)
        .contains("tip-off reports: 5", "tips (one per reported site): 8")
        .containsPattern("(?m)^  WEB +4$")
        .containsPattern("(?m)^  REVIEWING +0$")
        .containsPattern("(?m)^  ACTION_TAKEN +2$")
        .contains("tips that became leads: 2 (25.0%)")
        .contains("tip to lead: median 1m 35s, p90 1h 10m (2 tip(s))")
        .containsPattern("(?m)^  example\\.cn +3  lead NEW$")
        .containsPattern("(?m)^  example\\.com +1  no lead$");
    // channels and statuses in their enums' order, whatever order the figures came in
    assertThat(text.indexOf("  WEB")).isLessThan(text.indexOf("  HOTLINE"));
    assertThat(text.indexOf("  RECEIVED")).isLessThan(text.indexOf("  ACTION_TAKEN"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void jsonHasTheSameFiguresWithSecondsAndNullForNoLead() {
    Map<String, Object> m = new TipFigures(SOME).toMap();
    assertThat(m).containsEntry("reports", 5L).containsEntry("tips", 8L);
    assertThat(m).containsEntry("becameLeads", 2L).containsEntry("leadShare", 0.25);
    assertThat((Map<Object, Object>) m.get("byStatus"))
        .containsEntry("REVIEWING", 0L)
        .containsEntry("NOT_ACTIONABLE", 0L);
    assertThat((Map<Object, Object>) m.get("tipToLead"))
        .containsEntry("count", 2L)
        .containsEntry("medianSeconds", 95L)
        .containsEntry("p90Seconds", 4200L);
    @SuppressWarnings("unchecked")
    List<Object> top = (List<Object>) m.get("topSites");
    assertThat((Map<Object, Object>) top.get(1)).containsEntry("site", "example.com");
    assertThat(((Map<Object, Object>) top.get(1)).get("leadStatus")).isNull();
  }

  @Test
  @SuppressWarnings("unchecked")
  void noTipsAtAllIsZerosNotGaps() {
    Map<String, Object> m = new TipFigures(TipStats.EMPTY).toMap();
    assertThat((Map<Object, Object>) m.get("byChannel")).containsOnlyKeys("WEB", "HOTLINE");
    assertThat((Map<Object, Object>) m.get("byStatus")).hasSize(4).containsValue(0L);
    assertThat(new TipFigures(TipStats.EMPTY).toText())
        .contains("tip to lead: none yet", "top reported sites:\n  (none)\n");
  }
}
