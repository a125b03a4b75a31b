package org.sitewatch.sink.evidence.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Canonical form, hashes and chain rules, on chains built in memory. */
class CustodyEntryTest {
  private static final Instant AT = Instant.parse("2026-11-21T09:30:00.123456789Z");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
      {"b":1,"a":{"d":true,"c":null}}  | {"a":{"c":null,"d":true},"b":1}
      { "x" : [3, 1, 2] }             | {"x":[3,1,2]}
      {"x":1.0}                       | {"x":1}
      {"x":0.10}                      | {"x":0.1}
      {"x":1e-7}                      | {"x":0.0000001}
      {"x":2E+3}                      | {"x":2000}
      {"x":-0.0}                      | {"x":0}
      {"x":"色情 视频"}                 | {"x":"色情 视频"}
      {"x":"a\\"b\\\\c\\n\\u0001\\u00e9"} | {"x":"a\\"b\\\\c\\n\\u0001é"}
      """)
  void canonicalJsonSortsKeysDropsWhitespaceAndWritesNumbersByValue(
      String input, String canonical) {
    assertThat(Canonical.json(Canonical.parse(input))).isEqualTo(canonical);
  }

  @Test
  void hashIsSha256OfTheDocumentedCanonicalBody() {
    ObjectNode details =
        JsonNodeFactory.instance.objectNode().put("site", "例子.cn").put("score", 0.8);
    CustodyEntry entry =
        CustodyEntry.sealed(7, 1, AT, "sink", "LEAD_OPENED", details, CustodyEntry.GENESIS);

    // computed independently (Python hashlib) from the rules in docs/evidence.md
    assertThat(entry.canonicalBody())
        .isEqualTo(
            "{\"action\":\"LEAD_OPENED\",\"actor\":\"sink\",\"at\":\"2026-11-21T09:30:00.123456Z\","
                + "\"details\":{\"score\":0.8,\"site\":\"例子.cn\"},\"lead_id\":7,\"prev_hash\":\""
                + "0".repeat(64)
                + "\",\"seq\":1}");
    assertThat(entry.hash())
        .isEqualTo("91f7c9e30da0fcb7f80ff57180daa767e69c9ae02f2fcd8213e84df97f504aae");
  }

  @Test
  void jsonLineReadsBackToTheSameEntry() {
    CustodyEntry entry = chain(1).get(0);
    assertThat(CustodyEntry.fromJsonLine(entry.toJsonLine())).isEqualTo(entry);
  }

  @Test
  void entriesRefuseMalformedFields() {
    assertThatThrownBy(
            () ->
                new CustodyEntry(
                    1, 0, AT, "sink", "SCORED", "{}", CustodyEntry.GENESIS, CustodyEntry.GENESIS))
        .hasMessageContaining("seq");
    assertThatThrownBy(
            () ->
                new CustodyEntry(
                    1, 1, AT, "sink", "scored", "{}", CustodyEntry.GENESIS, CustodyEntry.GENESIS))
        .hasMessageContaining("action");
    assertThatThrownBy(
            () ->
                new CustodyEntry(
                    1, 1, AT, "sink", "SCORED", "[]", CustodyEntry.GENESIS, CustodyEntry.GENESIS))
        .hasMessageContaining("object");
    assertThatThrownBy(
            () -> new CustodyEntry(1, 1, AT, "sink", "SCORED", "{}", "ABC", CustodyEntry.GENESIS))
        .hasMessageContaining("prevHash");
  }

  @Test
  void intactChainHasNoBreaks() {
    assertThat(ChainCheck.check(chain(4))).isEmpty();
  }

  @Test
  void alteredDetailsBreakOnlyTheAlteredEntry() {
    List<CustodyEntry> entries = new ArrayList<>(chain(4));
    CustodyEntry e = entries.get(1);
    entries.set(
        1,
        new CustodyEntry(
            e.leadId(),
            e.seq(),
            e.at(),
            e.actor(),
            e.action(),
            "{\"n\":99}",
            e.prevHash(),
            e.hash()));

    assertThat(ChainCheck.check(entries))
        .extracting(ChainCheck.Break::seq, ChainCheck.Break::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                2L, "hash does not match the entry's content (SCORED entry altered)"));
  }

  @Test
  void rehashedAlterationBreaksTheNextLink() {
    List<CustodyEntry> entries = new ArrayList<>(chain(4));
    CustodyEntry e = entries.get(1);
    entries.set(
        1,
        CustodyEntry.sealed(
            e.leadId(),
            e.seq(),
            e.at(),
            e.actor(),
            e.action(),
            JsonNodeFactory.instance.objectNode().put("n", 99),
            e.prevHash()));

    assertThat(ChainCheck.check(entries))
        .singleElement()
        .satisfies(b -> assertThat(b.seq()).isEqualTo(3))
        .satisfies(b -> assertThat(b.reason()).contains("prev_hash"));
  }

  @Test
  void swappedEntriesAreReportedAsReordered() {
    List<CustodyEntry> entries = new ArrayList<>(chain(4));
    java.util.Collections.swap(entries, 1, 2);

    assertThat(ChainCheck.check(entries)).extracting(ChainCheck.Break::position).contains(2, 3);
    assertThat(ChainCheck.check(entries))
        .first()
        .satisfies(b -> assertThat(b.reason()).contains("seq 3 where 2 was expected"));
  }

  @Test
  void removedEntryIsReportedWhereTheGapIs() {
    List<CustodyEntry> entries = new ArrayList<>(chain(4));
    entries.remove(1);

    assertThat(ChainCheck.check(entries))
        .first()
        .satisfies(b -> assertThat(b.position()).isEqualTo(2))
        .satisfies(b -> assertThat(b.reason()).contains("seq 3 where 2 was expected"));
  }

  static List<CustodyEntry> chain(int n) {
    List<CustodyEntry> entries = new ArrayList<>();
    String prev = CustodyEntry.GENESIS;
    for (int i = 1; i <= n; i++) {
      CustodyEntry e =
          CustodyEntry.sealed(
              5,
              i,
              AT.plusSeconds(i),
              "sink",
              "SCORED",
              JsonNodeFactory.instance.objectNode().put("n", i),
              prev);
      entries.add(e);
      prev = e.hash();
    }
    return entries;
  }
}
