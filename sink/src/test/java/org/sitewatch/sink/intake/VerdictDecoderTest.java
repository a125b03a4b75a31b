package org.sitewatch.sink.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.sink.Verdicts;

class VerdictDecoderTest {
  private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
  private static final Outcomes.Source SOURCE = new Outcomes.Source("sitewatch.verdicts", 1, 42);

  private final VerdictDecoder decoder = new VerdictDecoder();

  @Test
  void readsAVerdict() {
    SiteVerdict verdict = Verdicts.flagged("vip-videos.example", 3, 0.8);
    byte[] bytes = JsonSerde.of(SiteVerdict.class).serialize("t", verdict);

    VerdictDecoder.Decoded decoded = decoder.decode("vip-videos.example", bytes, SOURCE, NOW);

    assertThat(decoded.verdict()).isEqualTo(verdict);
    assertThat(decoded.outcome()).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{not json",
        "[]",
        "null",
        "{\"site\":\"vip-videos.example\",\"revision\":0,\"score\":0.5,\"decidedAt\":\"2026-11-21T10:00:00Z\"}",
        "{\"site\":\"vip-videos.example\",\"revision\":1,\"score\":7,\"decidedAt\":\"2026-11-21T10:00:00Z\"}",
        "{\"site\":\"vip-videos.example\",\"revision\":1,\"score\":0.5}",
      })
  void turnsAnUnreadableRecordIntoABadRecordOutcome(String value) {
    VerdictDecoder.Decoded decoded =
        decoder.decode("vip-videos.example", value.getBytes(StandardCharsets.UTF_8), SOURCE, NOW);

    assertThat(decoded.verdict()).isNull();
    Outcome outcome = decoded.outcome();
    assertThat(outcome.stage()).isEqualTo(Outcome.Stage.SINK);
    assertThat(outcome.kind()).isEqualTo(Outcome.Kind.BAD_RECORD);
    assertThat(outcome.site()).isEqualTo("vip-videos.example");
    assertThat(outcome.reason()).startsWith("unreadable verdict");
    assertThat(outcome.at()).isEqualTo(NOW);
    assertThat(outcome.details())
        .containsEntry("topic", "sitewatch.verdicts")
        .containsEntry("partition", "1")
        .containsEntry("offset", "42");
  }

  @Test
  void namesAnUnknownSiteWhenTheRecordHasNoKey() {
    VerdictDecoder.Decoded decoded =
        decoder.decode(null, "garbage".getBytes(StandardCharsets.UTF_8), SOURCE, NOW);

    assertThat(decoded.outcome().site()).isEqualTo(Outcomes.UNKNOWN_SITE);
  }

  @Test
  void skipsATombstoneWithAnOutcome() {
    VerdictDecoder.Decoded decoded = decoder.decode("vip-videos.example", null, SOURCE, NOW);

    assertThat(decoded.outcome().kind()).isEqualTo(Outcome.Kind.SKIPPED);
    assertThat(decoded.outcome().reason()).contains("tombstone");
  }
}
