package org.sitewatch.sink.evidence;

import java.util.List;

/**
 * What {@link EvidenceBundle#verify(java.nio.file.Path)} found.
 *
 * @param ok whether the bundle is exactly as exported: every file matches the manifest, nothing is
 *     missing or added, the custody chain holds
 * @param problems one line per mismatch, each naming the file (and custody line) concerned; empty
 *     when {@code ok}
 */
public record VerificationReport(boolean ok, List<String> problems) {
  public VerificationReport {
    problems = List.copyOf(problems);
    if (ok != problems.isEmpty()) {
      throw new IllegalArgumentException("a bundle is ok exactly when there are no problems");
    }
  }

  static VerificationReport of(List<String> problems) {
    return new VerificationReport(problems.isEmpty(), problems);
  }
}
