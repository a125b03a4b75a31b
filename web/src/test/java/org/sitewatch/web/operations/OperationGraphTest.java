package org.sitewatch.web.operations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.sink.operations.Operation;

class OperationGraphTest {
  /** How many leads and identifiers are drawn, and how many are counted as "and N more". */
  @ParameterizedTest(name = "{0} leads, {1} identifiers -> {2} + {3} drawn, {4} more")
  @CsvSource({
    "2,   1,  2,  1,   0",
    "59,  1,  59, 1,   0",
    "50,  20, 40, 20,  10",
    "100, 100, 30, 30, 140",
    "10,  80, 10, 50,  30",
  })
  void drawsAtMostSixtyNodesAndCountsTheRest(
      int leads, int identifiers, int leadsDrawn, int identifiersDrawn, int hidden) {
    List<Operation.Member> members = new ArrayList<>();
    for (int i = 1; i <= leads; i++) {
      members.add(new Operation.Member(i, "site-" + i + ".test", LeadStatus.NEW));
    }
    List<Operation.SharedIdentifier> links = new ArrayList<>();
    for (int i = 1; i <= identifiers; i++) {
      // each identifier is held by the first lead and by lead i (when there is one)
      links.add(
          new Operation.SharedIdentifier("qq", "1000" + i, List.of(1L, (long) Math.min(i, leads))));
    }
    OperationGraph g = OperationGraph.of(members, links);
    assertThat(g.nodes().stream().filter(OperationGraph.Node::lead)).hasSize(leadsDrawn);
    assertThat(g.nodes().stream().filter(n -> !n.lead())).hasSize(identifiersDrawn);
    assertThat(g.hidden()).isEqualTo(hidden);
    // every line joins two drawn nodes
    for (OperationGraph.Edge e : g.edges()) {
      assertThat(g.nodes()).anyMatch(n -> n.lead() && n.x() == e.x1() && n.y() == e.y1());
      assertThat(g.nodes()).anyMatch(n -> !n.lead() && n.x() == e.x2() && n.y() == e.y2());
    }
    assertThat(g.nodes()).allMatch(n -> n.y() > 0 && n.y() < g.height());
  }

  @org.junit.jupiter.api.Test
  void aLongLabelIsShortenedButItsFullTextStaysInTheTitle() {
    String value = "x".repeat(200);
    OperationGraph g =
        OperationGraph.of(
            List.of(
                new Operation.Member(1, "a.test", LeadStatus.NEW),
                new Operation.Member(2, "b.test", LeadStatus.NEW)),
            List.of(new Operation.SharedIdentifier("wechat", value, List.of(1L, 2L))));
    OperationGraph.Node id = g.nodes().stream().filter(n -> !n.lead()).findFirst().orElseThrow();
    assertThat(id.label()).hasSize(OperationGraph.MAX_LABEL).endsWith("…");
    assertThat(id.title()).isEqualTo("wechat: " + value);
    assertThat(g.edges()).hasSize(2);
  }
}
