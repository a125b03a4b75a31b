package org.sitewatch.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sitewatch.infra.bench.FaultFigures.CustodyRow;
import org.sitewatch.infra.bench.FaultFigures.HistoryRow;
import org.sitewatch.infra.bench.FaultFigures.Lead;
import org.sitewatch.infra.bench.FaultFigures.Observation;

class FaultFiguresTest {
  private static final String PAGES_AB =
      FaultFigures.evidenceKey(true, 0.9, List.of("c"), List.of("a|1", "b|2"));
  private static final String PAGES_ABC =
      FaultFigures.evidenceKey(true, 0.95, List.of("c"), List.of("a|1", "b|2", "c|3"));

  private static Lead lead(String site, String... pages) {
    return new Lead(site, pages.length, List.of(pages), List.of("s1|" + site + "/|2"));
  }

  private static Observation observation(
      List<Lead> leads, List<HistoryRow> history, List<CustodyRow> custody) {
    return new Observation(
        Set.of("a.test", "b.test", "c.test"),
        Set.of("a.test", "b.test"),
        Map.of("a.test", 1, "b.test", 2),
        leads,
        history,
        custody);
  }

  @Test
  void countsSitesCrawledOnceAndTheExtraOutcomesOfSitesCrawledTwice() {
    var f = FaultFigures.compute(observation(List.of(), List.of(), List.of()), null);

    assertThat(f.sitesSeeded()).isEqualTo(3);
    assertThat(f.sitesCrawled()).isEqualTo(2);
    assertThat(f.extraSiteCrawledOutcomes()).isEqualTo(1);
    assertThat(f.leadsMissing()).containsExactly("a.test", "b.test");
    assertThat(f.leadsDifferingFromFaultFree()).isEqualTo(-1);
  }

  @Test
  void aReplayThatRefilesTheSameEvidenceUnderANewRevisionIsOneDuplicateHistoryAndCustodyRow() {
    var history =
        List.of(
            new HistoryRow(1, 0, 1, "OPENED"),
            new HistoryRow(1, 0, 2, "UPDATED"), // new evidence: a third page
            new HistoryRow(1, 0, 3, "UPDATED")); // replay: same three pages again
    var custody =
        List.of(
            new CustodyRow(1, 1, "LEAD_OPENED", 0, 1, PAGES_AB),
            new CustodyRow(1, 2, "LEAD_UPDATED", 0, 2, PAGES_ABC),
            new CustodyRow(1, 3, "LEAD_UPDATED", 0, 3, PAGES_ABC),
            new CustodyRow(1, 4, "REVIEWED", 0, 0, ""));

    var f =
        FaultFigures.compute(
            observation(List.of(lead("a.test", "a|1", "b|2", "c|3")), history, custody), null);

    assertThat(f.duplicateHistoryRows()).isEqualTo(1);
    assertThat(f.duplicateCustodyRows()).isEqualTo(1);
    assertThat(f.leadsFound()).isEqualTo(1);
    assertThat(f.leadsMissing()).containsExactly("b.test");
  }

  @Test
  void sameEvidenceOnTwoDifferentLeadsIsNoDuplicate() {
    var custody =
        List.of(
            new CustodyRow(1, 1, "LEAD_OPENED", 0, 1, PAGES_AB),
            new CustodyRow(2, 1, "LEAD_OPENED", 0, 1, PAGES_AB));
    var history = List.of(new HistoryRow(1, 0, 1, "OPENED"), new HistoryRow(2, 0, 1, "OPENED"));

    var f = FaultFigures.compute(observation(List.of(), history, custody), null);

    assertThat(f.duplicateHistoryRows()).isZero();
    assertThat(f.duplicateCustodyRows()).isZero();
  }

  @Test
  void aLeadWhosePagesOrSignalsDifferFromTheFaultFreeRunIsCountedWhateverTheOrder() {
    Lead same = lead("a.test", "a|1", "b|2");
    Lead reordered = lead("a.test", "b|2", "a|1");
    Lead inflated = lead("b.test", "x|1", "x|1", "y|2");
    Map<String, Lead> faultFree = Map.of("a.test", same, "b.test", lead("b.test", "x|1", "y|2"));

    var f =
        FaultFigures.compute(
            observation(List.of(reordered, inflated), List.of(), List.of()), faultFree);

    assertThat(f.leadsDifferingFromFaultFree()).isEqualTo(1);
    assertThat(f.differingLeads()).containsExactly("b.test");
    assertThat(f.leadsWithInflatedPages()).isEqualTo(1);
  }

  @Test
  void aLeadOnlyOneRunHasDiffers() {
    Map<String, Lead> faultFree = Map.of("a.test", lead("a.test", "a|1"));

    var f =
        FaultFigures.compute(
            observation(List.of(lead("c.test", "c|1")), List.of(), List.of()), faultFree);

    assertThat(f.differingLeads()).containsExactly("a.test", "c.test");
    assertThat(f.leadsUnexpected()).containsExactly("c.test");
  }
}
