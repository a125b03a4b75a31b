package org.sitewatch.sink.intake;

import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.SiteVerdict;

/**
 * Turns the bytes of a verdict record into a verdict, or into the outcome that explains why not.
 */
final class VerdictDecoder {
  private final JsonSerde<SiteVerdict> serde = JsonSerde.of(SiteVerdict.class);

  /** Exactly one of the two is set. */
  record Decoded(SiteVerdict verdict, Outcome outcome) {
    Decoded {
      if ((verdict == null) == (outcome == null)) {
        throw new IllegalArgumentException("exactly one of verdict and outcome");
      }
    }
  }

  Decoded decode(String key, byte[] value, Outcomes.Source source, Instant now) {
    Objects.requireNonNull(source, "source");
    if (value == null) {
      return new Decoded(null, Outcomes.tombstone(key, source, now));
    }
    try {
      SiteVerdict verdict = serde.deserialize(source.topic(), value);
      if (verdict == null) {
        return new Decoded(null, Outcomes.unreadable(key, source, "JSON null", now));
      }
      return new Decoded(verdict, null);
    } catch (SerializationException | IllegalArgumentException e) {
      return new Decoded(null, Outcomes.unreadable(key, source, e.getMessage(), now));
    }
  }
}
