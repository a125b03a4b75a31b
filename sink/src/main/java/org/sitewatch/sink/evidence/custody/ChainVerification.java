package org.sitewatch.sink.evidence.custody;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The result of checking one lead's custody chain.
 *
 * @param leadId the lead
 * @param entries how many entries were checked
 * @param firstBrokenSeq the seq of the first entry that breaks the chain, if any
 * @param problems every violation found, each naming its entry; empty when the chain is intact
 */
public record ChainVerification(
    long leadId, int entries, OptionalLong firstBrokenSeq, List<String> problems) {
  public ChainVerification {
    if (entries < 0) {
      throw new IllegalArgumentException("entries must be >= 0");
    }
    Objects.requireNonNull(firstBrokenSeq, "firstBrokenSeq");
    problems = List.copyOf(problems);
    if (firstBrokenSeq.isPresent() == problems.isEmpty()) {
      throw new IllegalArgumentException("a broken chain has problems, an intact one has none");
    }
  }

  /** Whether every link holds. */
  public boolean ok() {
    return problems.isEmpty();
  }
}
