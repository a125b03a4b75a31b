package org.sitewatch.sink.evidence.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.sitewatch.sink.evidence.bundle.Origin;
import org.sitewatch.sink.evidence.bundle.Printable;

/**
 * What {@link BundleVerifier#verify(java.nio.file.Path)} found, and what that proves.
 *
 * @param problems one line per mismatch (integrity, a bad signature, the database's custody log
 *     disagreeing), each naming the file, custody line or record concerned; empty when none. Text
 *     from the bundle is shown with control characters made visible.
 * @param origin what the signature proves about who made the bundle
 * @param originStatement that, in one sentence, e.g. {@code signature valid by key ID (trusted:
 *     FILE)}
 * @param anchor what the check against the database's custody log found, or that none was made
 */
public record VerificationReport(
    List<String> problems, Origin origin, String originStatement, String anchor) {
  /** {@link #anchor()} when no database was given. */
  public static final String NOT_ANCHORED =
      "not checked (give --jdbc-url to check the custody head against the custody log)";

  public VerificationReport {
    problems = problems.stream().map(Printable::of).toList();
    Objects.requireNonNull(origin, "origin");
    originStatement = Printable.of(originStatement);
    anchor = Printable.of(anchor);
    if (origin == Origin.INVALID && problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid signature is a problem");
    }
  }

  static VerificationReport unreadable(String problem) {
    return new VerificationReport(
        List.of(problem), Origin.NOT_CHECKED, "not checked: the bundle was not read", NOT_ANCHORED);
  }

  /**
   * Every file matches the manifest, the custody chain and WARC records hold, no signature is bad.
   */
  public boolean integrityHolds() {
    return problems.isEmpty();
  }

  /**
   * Integrity holds <b>and</b> the manifest is signed by a trusted key: the bundle is exactly what
   * that key's holder exported. Nothing less is reported as intact.
   */
  public boolean intact() {
    return integrityHolds() && origin == Origin.TRUSTED;
  }

  /**
   * Whether a check passes: {@link #intact()}, or with {@code allowUnsigned} integrity alone (for a
   * bundle that is unsigned or signed by an unknown key).
   */
  public boolean passes(boolean allowUnsigned) {
    return intact() || (allowUnsigned && integrityHolds());
  }

  /** The verdict in a few lines, as {@code sitewatch evidence verify} prints it. */
  public List<String> summary(String bundle, boolean allowUnsigned) {
    List<String> lines = new ArrayList<>();
    String files =
        "every file matches manifest.json; the custody chain holds; every WARC record rehashes to "
            + "its digests";
    if (intact()) {
      lines.add(bundle + ": intact. " + originStatement + "; " + files + ".");
    } else if (integrityHolds()) {
      lines.add(
          bundle
              + (allowUnsigned ? ": integrity only (--allow-unsigned): " : ": NOT VERIFIED: ")
              + originStatement
              + ". "
              + files
              + ", which a forger can also achieve.");
    } else {
      lines.add(bundle + ": " + problems.size() + " problem(s); " + originStatement);
      problems.forEach(p -> lines.add("  " + p));
    }
    lines.add("  database: " + anchor);
    return lines;
  }
}
