package org.sitewatch.sink.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.sink.Verdicts;

class VerdictTrustTest {
  private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
  private static final long E = NOW.minus(Duration.ofDays(1)).toEpochMilli();
  private static final VerdictTrust TRUST = new VerdictTrust(Duration.ofHours(1), 1_000_000);

  /** stored epoch/revision empty: the site has no lead. Epochs are offsets in hours from E. */
  @ParameterizedTest(name = "verdict ({0}h, {1}) on lead ({2}h, {3}) -> {4}")
  @CsvSource({
    // verdict epoch, revision, lead epoch, revision, believed
    "0, 1, , , true",
    "0, 1000000, , , true",
    "0, 1000001, , , false",
    "0, 9223372036854775807, 0, 5, false",
    "0, 1000005, 0, 5, true",
    "0, 1000006, 0, 5, false",
    "23, 1, 0, 500, true", // a new epoch (lost state, restarted 23 h later)
    "24, 1, 0, 500, true", // now
    "24.9, 1, 0, 500, true", // within the hour of clock skew
    "25.1, 1, 0, 500, false", // too far in the future
    "23, 2000000, 0, 500, false", // a new epoch starts counting at 1
    "-1, 1, 0, 5, false", // older epoch: refused, so a lead held by a forged epoch shows
  })
  void aVerdictIsBelievedOnlyWithinTheBounds(
      double epochHours, long revision, Double leadHours, Long leadRevision, boolean believed) {
    SiteVerdict v = at(revision, epoch(epochHours));
    Long leadEpoch = leadHours == null ? null : epoch(leadHours);

    assertThat(TRUST.refusal(v, leadEpoch, leadRevision, NOW).isEmpty()).isEqualTo(believed);
  }

  @Test
  void aNewerEpochSupersedesWhateverItsRevisionAndAnOlderOneNever() {
    SiteVerdict restarted = withEpoch(Verdicts.flagged("vip-videos.example", 1, 0.8), E + 1);
    assertThat(VerdictTrust.isNewer(restarted, E, 900)).isTrue();
    assertThat(VerdictTrust.isNewer(withEpoch(restarted, E - 1), E, 0)).isFalse();
    assertThat(VerdictTrust.isNewer(withEpoch(restarted, E), E, 1)).isFalse();
  }

  @Test
  void badSettingsAreRefusedWithTheirName() {
    assertThatThrownBy(() -> new VerdictTrust(Duration.ofHours(-1), 10))
        .hasMessageContaining("maxEpochAhead");
    assertThatThrownBy(() -> new VerdictTrust(Duration.ofHours(1), 0))
        .hasMessageContaining("maxRevisionGap");
  }

  private static long epoch(double hours) {
    return E + (long) (hours * 3_600_000);
  }

  private static SiteVerdict at(long revision, long epoch) {
    SiteVerdict v = Verdicts.flagged("vip-videos.example", 1, 0.8);
    return new SiteVerdict(
        v.v(),
        v.site(),
        revision,
        v.flagged(),
        v.score(),
        v.pagesScored(),
        v.categories(),
        v.signals(),
        v.pages(),
        v.lexiconVersion(),
        v.decidedAt(),
        v.conducts(),
        v.identifiers(),
        v.findings(),
        epoch);
  }

  private static SiteVerdict withEpoch(SiteVerdict v, long epoch) {
    return new SiteVerdict(
        v.v(),
        v.site(),
        v.revision(),
        v.flagged(),
        v.score(),
        v.pagesScored(),
        v.categories(),
        v.signals(),
        v.pages(),
        v.lexiconVersion(),
        v.decidedAt(),
        v.conducts(),
        v.identifiers(),
        v.findings(),
        epoch);
  }
}
