package org.sitewatch.sink.evidence.verify;

import java.util.List;
import java.util.Objects;
import org.sitewatch.sink.evidence.custody.ChainCheck;
import org.sitewatch.sink.evidence.custody.CustodyAction;
import org.sitewatch.sink.evidence.custody.CustodyEntry;
import org.sitewatch.sink.evidence.custody.CustodyLog;

/**
 * Checks a bundle's custody chain against the custody log in the database: the database's chain of
 * that lead must hold, and begin with exactly the bundle's entries (the lead may have moved on
 * since the export), so that the bundle's head, its {@code EXPORTED} entry, is recorded there with
 * the same hash at the same seq. The hash covers the entry's {@code manifest_sha256}, so every file
 * but {@code custody.jsonl} is pinned by the database; {@code custody.jsonl} is the chain compared
 * here.
 */
final class CustodyAnchor {
  private CustodyAnchor() {}

  /**
   * @param bundle the bundle's chain as read, already checked on its own
   * @param database where the custody log is kept, named as {@code where} in the report
   * @return the statement for the report when the database agrees
   */
  static String check(
      List<CustodyEntry> bundle, CustodyLog database, String where, List<String> problems) {
    Objects.requireNonNull(where, "where");
    if (bundle.isEmpty()) {
      problems.add("database: the bundle has no custody entries to compare with " + where);
      return "not compared (no custody entries in the bundle)";
    }
    CustodyEntry head = bundle.get(bundle.size() - 1);
    long leadId = head.leadId();
    List<CustodyEntry> stored;
    try {
      stored = database.entries(leadId);
    } catch (IllegalStateException e) {
      problems.add(
          "database: cannot read the custody log of lead "
              + leadId
              + " in "
              + where
              + ": "
              + e.getMessage());
      return "not compared (the database could not be read)";
    }
    int before = problems.size();
    for (ChainCheck.Break b : ChainCheck.check(stored)) {
      problems.add(
          "database: lead "
              + leadId
              + " custody entry seq "
              + b.seq()
              + " in "
              + where
              + ": "
              + b.reason());
    }
    if (stored.size() < bundle.size()) {
      problems.add(
          "database: the custody log of lead "
              + leadId
              + " in "
              + where
              + " has "
              + stored.size()
              + " entries; the bundle's head is seq "
              + head.seq()
              + " (hash "
              + head.hash()
              + "): this export is not recorded there");
    } else {
      CustodyEntry theirs = stored.get(bundle.size() - 1);
      if (!theirs.hash().equals(head.hash()) || theirs.seq() != head.seq()) {
        problems.add(
            "database: the custody head does not match: the bundle ends with seq "
                + head.seq()
                + " hash "
                + head.hash()
                + ", the custody log of lead "
                + leadId
                + " in "
                + where
                + " has seq "
                + theirs.seq()
                + " hash "
                + theirs.hash());
      }
      for (int i = 0; i < bundle.size() - 1; i++) {
        if (!bundle.get(i).hash().equals(stored.get(i).hash())) {
          problems.add(
              "database: the chains part at seq "
                  + bundle.get(i).seq()
                  + " (bundle hash "
                  + bundle.get(i).hash()
                  + ", database hash "
                  + stored.get(i).hash()
                  + ")");
          break;
        }
      }
    }
    if (!head.action().equals(CustodyAction.EXPORTED.name())) {
      problems.add(
          "database: the bundle's head is not an EXPORTED entry, so no export is recorded");
    }
    if (problems.size() > before) {
      return "MISMATCH against the custody log of lead "
          + leadId
          + " in "
          + where
          + " (see problems)";
    }
    return "custody head seq "
        + head.seq()
        + " (hash "
        + head.hash()
        + ") matches the custody log of lead "
        + leadId
        + " in "
        + where
        + ", which records this export (EXPORTED by "
        + head.actor()
        + " at "
        + CustodyEntry.formatAt(head.at())
        + ")"
        + (stored.size() > bundle.size()
            ? "; the log has " + (stored.size() - bundle.size()) + " later entries"
            : "");
  }
}
