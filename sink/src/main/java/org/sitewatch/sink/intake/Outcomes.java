package org.sitewatch.sink.intake;

import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.SiteVerdict;

/** The outcome records the sink writes when it cannot act on a verdict record. */
final class Outcomes {
  /** Site of an outcome about a record whose key names no site. */
  static final String UNKNOWN_SITE = "unknown-site";

  private Outcomes() {}

  /** Where a record came from, for the outcome's details. */
  record Source(String topic, int partition, long offset) {
    Map<String, String> details() {
      Map<String, String> details = new LinkedHashMap<>();
      details.put("topic", topic);
      details.put("partition", Integer.toString(partition));
      details.put("offset", Long.toString(offset));
      return details;
    }
  }

  static Outcome unreadable(String key, Source source, String reason, Instant at) {
    return new Outcome(
        Outcome.VERSION,
        siteOf(key),
        null,
        Outcome.Stage.SINK,
        Outcome.Kind.BAD_RECORD,
        "unreadable verdict: " + reason,
        at,
        source.details());
  }

  static Outcome tombstone(String key, Source source, Instant at) {
    return new Outcome(
        Outcome.VERSION,
        siteOf(key),
        null,
        Outcome.Stage.SINK,
        Outcome.Kind.SKIPPED,
        "empty verdict record (tombstone): leads are never removed by the verdict topic",
        at,
        source.details());
  }

  static Outcome rejected(SiteVerdict verdict, Exception failure, Source source, Instant at) {
    Map<String, String> details = source.details();
    details.put("revision", Long.toString(verdict.revision()));
    if (failure instanceof SQLException sql && sql.getSQLState() != null) {
      details.put("sqlState", sql.getSQLState());
    }
    return new Outcome(
        Outcome.VERSION,
        verdict.site(),
        null,
        Outcome.Stage.SINK,
        Outcome.Kind.OTHER,
        "database rejected verdict revision " + verdict.revision() + ": " + failure.getMessage(),
        at,
        details);
  }

  /** A verdict not believed ({@link VerdictTrust}): recorded, and the lead left as it was. */
  static Outcome refused(SiteVerdict verdict, String reason, Source source, Instant at) {
    Map<String, String> details = source.details();
    details.put("epoch", Long.toString(verdict.epoch()));
    details.put("revision", Long.toString(verdict.revision()));
    return new Outcome(
        Outcome.VERSION,
        verdict.site(),
        null,
        Outcome.Stage.SINK,
        Outcome.Kind.BAD_RECORD,
        "verdict refused: " + reason,
        at,
        details);
  }

  /**
   * A verdict applied with its conduct reasons cut to the sink's bounds ({@link
   * ConductReasonBounds}): the lead is kept, and what was cut is said here.
   */
  static Outcome trimmed(SiteVerdict verdict, List<String> cuts, Source source, Instant at) {
    Map<String, String> details = source.details();
    details.put("revision", Long.toString(verdict.revision()));
    details.put("kind", "trimmed");
    return new Outcome(
        Outcome.VERSION,
        verdict.site(),
        null,
        Outcome.Stage.SINK,
        Outcome.Kind.OTHER,
        "verdict conduct reasons trimmed: " + String.join("; ", cuts),
        at,
        details);
  }

  private static String siteOf(String key) {
    return key == null || key.isBlank() ? UNKNOWN_SITE : key;
  }
}
