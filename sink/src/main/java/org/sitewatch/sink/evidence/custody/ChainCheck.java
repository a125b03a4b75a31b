package org.sitewatch.sink.evidence.custody;

import java.util.ArrayList;
import java.util.List;

/** The rules a custody chain must satisfy, shared by the database and the bundle verifiers. */
public final class ChainCheck {
  private ChainCheck() {}

  /** One violated rule, at a 1-based position in the chain as read. */
  public record Break(int position, long seq, String reason) {}

  /**
   * Checks entries in the order they were read: seq runs 1, 2, 3...; one lead; each hash matches
   * its entry's content; each prev_hash is the hash of the entry before it (64 zeros for the
   * first). Every violation is reported, not only the first.
   */
  public static List<Break> check(List<CustodyEntry> entries) {
    List<Break> breaks = new ArrayList<>();
    String expectedPrev = CustodyEntry.GENESIS;
    long leadId = entries.isEmpty() ? 0 : entries.get(0).leadId();
    for (int i = 0; i < entries.size(); i++) {
      CustodyEntry e = entries.get(i);
      int position = i + 1;
      if (e.seq() != position) {
        breaks.add(
            new Break(
                position,
                e.seq(),
                "seq "
                    + e.seq()
                    + " where "
                    + position
                    + " was expected (entries reordered, removed or inserted)"));
      }
      if (e.leadId() != leadId) {
        breaks.add(
            new Break(position, e.seq(), "belongs to lead " + e.leadId() + ", not lead " + leadId));
      }
      if (!e.computeHash().equals(e.hash())) {
        breaks.add(
            new Break(
                position,
                e.seq(),
                "hash does not match the entry's content (" + e.action() + " entry altered)"));
      }
      if (!e.prevHash().equals(expectedPrev)) {
        breaks.add(
            new Break(
                position,
                e.seq(),
                position == 1
                    ? "prev_hash of the first entry is not 64 zeros (the chain's start is missing)"
                    : "prev_hash is not the hash of the entry before it (chain broken)"));
      }
      expectedPrev = e.hash();
    }
    return breaks;
  }
}
