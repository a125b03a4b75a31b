package org.sitewatch.sink.intake;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.sitewatch.events.SiteVerdict;

/**
 * How far ahead of what the sink has seen a verdict may be and still be believed. Verdicts of a
 * site are ordered by (epoch, revision): a larger epoch (a classifier whose state was lost and
 * started again) supersedes whatever revision it carries, a smaller one is refused (reported, never
 * applied: a lead that keeps refusing its classifier's verdicts is held by a forged epoch). Anyone
 * who can write to the verdict topic could otherwise freeze a lead with revision 2<sup>63</sup>-1,
 * so a verdict is refused when its epoch lies more than {@code maxEpochAhead} in the future (epochs
 * are the creation time of the classifier's state, in milliseconds since 1970), or when its
 * revision is more than {@code maxRevisionGap} ahead of the lead's within the same epoch (or ahead
 * of 0 in a new epoch or for a new lead, since revisions of an epoch start at 1).
 *
 * @param maxEpochAhead how far in the future an epoch may lie (clock skew between hosts)
 * @param maxRevisionGap how many revisions a verdict may skip
 */
public record VerdictTrust(Duration maxEpochAhead, long maxRevisionGap) {
  /** One hour, one million revisions. */
  public static final VerdictTrust DEFAULTS = new VerdictTrust(Duration.ofHours(1), 1_000_000);

  public VerdictTrust {
    Objects.requireNonNull(maxEpochAhead, "maxEpochAhead");
    if (maxEpochAhead.isNegative()) {
      throw new IllegalArgumentException("maxEpochAhead must not be negative: " + maxEpochAhead);
    }
    if (maxRevisionGap < 1) {
      throw new IllegalArgumentException("maxRevisionGap must be at least 1: " + maxRevisionGap);
    }
  }

  /** Whether the verdict comes after the stored (epoch, revision). */
  public static boolean isNewer(SiteVerdict v, long epoch, long revision) {
    return v.epoch() > epoch || (v.epoch() == epoch && v.revision() > revision);
  }

  /**
   * Why the verdict is not believed, or empty if it is.
   *
   * @param storedEpoch the lead's epoch, {@code null} if the site has no lead
   * @param storedRevision the lead's revision, {@code null} if the site has no lead
   */
  public Optional<String> refusal(
      SiteVerdict v, Long storedEpoch, Long storedRevision, Instant now) {
    long latestEpoch = now.plus(maxEpochAhead).toEpochMilli();
    if (v.epoch() > latestEpoch) {
      return Optional.of(
          "epoch "
              + v.epoch()
              + " is "
              + Duration.ofMillis(v.epoch() - now.toEpochMilli())
              + " in the future (more than "
              + maxEpochAhead
              + ")");
    }
    boolean sameEpoch = storedEpoch != null && v.epoch() == storedEpoch;
    if (storedEpoch != null && v.epoch() < storedEpoch) {
      // never applied; reported, because a stream of these means the lead is held by a newer
      // epoch that its classifier did not make (a forgery) or that a stray instance still writes
      return Optional.of(
          "epoch "
              + v.epoch()
              + " is older than the lead's epoch "
              + storedEpoch
              + " (a stale classifier, or a newer epoch on the lead that no classifier made)");
    }
    long base = sameEpoch ? storedRevision : 0;
    if (v.revision() - base > maxRevisionGap) {
      return Optional.of(
          "revision "
              + v.revision()
              + " is "
              + (v.revision() - base)
              + " ahead of "
              + (sameEpoch
                  ? "the lead's revision " + base
                  : "a new " + (storedEpoch == null ? "lead" : "epoch"))
              + " (more than "
              + maxRevisionGap
              + ")");
    }
    return Optional.empty();
  }
}
