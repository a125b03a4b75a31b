package org.sitewatch.crawler.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sitewatch.crawler.CheckpointSettings;
import org.sitewatch.events.CrawlRequest;

/** The checkpoint's JSON form and the progress tracking that produces and resumes it. */
class CrawlCheckpointTest {
  private static final Instant NOW = Instant.parse("2026-11-02T08:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final CrawlRequest REQUEST =
      CrawlRequest.seed("http://www.alpha-shop.test/", "alpha-shop.test", NOW);

  @Test
  void readsBackEveryFieldItWrote() {
    CrawlCheckpoint c =
        new CrawlCheckpoint(
            "alpha-shop.test",
            REQUEST.url(),
            NOW,
            2,
            41,
            false,
            NOW,
            NOW.plusSeconds(3),
            12,
            1,
            123_456,
            new long[] {CrawlCheckpoint.hash("http://www.alpha-shop.test/"), -7, 42},
            List.of(new CrawlCheckpoint.Pending("http://www.alpha-shop.test/vip会员", 2)));

    CrawlCheckpoint back = CheckpointCodec.decode(CheckpointCodec.encode(c));

    assertThat(back).isEqualTo(c);
    assertThat(back.wasFetched(-7)).isTrue();
    assertThat(back.wasFetched(CrawlCheckpoint.hash("http://www.alpha-shop.test/"))).isTrue();
    assertThat(back.wasFetched(43)).isFalse();
    assertThat(new String(CheckpointCodec.encode(c), StandardCharsets.UTF_8))
        .contains("\"v\":1", "\"state\":\"RUNNING\"", "\"offset\":41");
  }

  @Test
  void refusesRecordsThatAreNotCheckpoints() {
    assertThatThrownBy(() -> CheckpointCodec.decode("{not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                CheckpointCodec.decode(
                    "{\"v\":1,\"site\":\"a.test\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("missing text field");
    assertThatThrownBy(() -> CrawlCheckpoint.decodeHashes("AAAA"))
        .hasMessageContaining("multiple of 8");
  }

  @Test
  void theCheckpointOfARequestWithA64KilobyteUrlStaysSmallAndStillMatchesIt() {
    CrawlRequest longOne =
        CrawlRequest.seed("http://long-seed.test/" + "a".repeat(64 * 1024), "long-seed.test", NOW);
    CrawlProgress progress =
        new CrawlProgress(longOne, 0, 3, CheckpointSettings.defaults(), CLOCK, c -> {}, null);
    CrawlCheckpoint done = progress.snapshot(true);
    assertThat(CheckpointCodec.encode(done).length).isLessThan(1024);
    assertThat(CheckpointCodec.decode(CheckpointCodec.encode(done)).belongsTo(longOne, 0, 3))
        .isTrue();
    assertThat(done.belongsTo(REQUEST, 0, 3)).isFalse();
  }

  @Test
  void publishesACheckpointEveryNFetchedUrlsWithWhatIsStillPending() {
    List<CrawlCheckpoint> written = new ArrayList<>();
    CrawlProgress progress =
        new CrawlProgress(
            REQUEST,
            0,
            7,
            new CheckpointSettings(2, Duration.ofHours(1)),
            CLOCK,
            written::add,
            null);
    progress.seed("http://www.alpha-shop.test/");
    progress.starting("http://www.alpha-shop.test/");
    assertThat(progress.discovered("http://www.alpha-shop.test/a", 1)).isTrue();
    assertThat(progress.discovered("http://www.alpha-shop.test/b", 1)).isTrue();
    progress.page(100);
    progress.starting("http://www.alpha-shop.test/a");
    progress.page(50);
    assertThat(written).isEmpty();
    progress.starting("http://www.alpha-shop.test/b"); // /a is finished: two URLs done

    assertThat(written)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.offset()).isEqualTo(7);
              assertThat(c.fetchedCount()).isEqualTo(2);
              assertThat(c.pages()).isEqualTo(2);
              assertThat(c.bytes()).isEqualTo(150);
              assertThat(c.pending())
                  .containsExactly(new CrawlCheckpoint.Pending("http://www.alpha-shop.test/b", 1));
            });
  }

  @Test
  void theEndOfTheFetchThreadTakesNoCheckpointEvenWhenOneIsDue() {
    // a worker's stop ends the fetch thread while the seed is in flight and after the checkpoint
    // interval: a checkpoint then would say "seed fetched, nothing pending", and the successor
    // would resume a crawl with nothing to fetch (a lost site in the fault benchmark)
    List<CrawlCheckpoint> written = new ArrayList<>();
    Instant[] now = {NOW};
    Clock moving =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now[0];
          }
        };
    CrawlProgress progress =
        new CrawlProgress(
            REQUEST,
            0,
            7,
            new CheckpointSettings(1, Duration.ofSeconds(1)),
            moving,
            written::add,
            null);
    progress.seed("http://www.alpha-shop.test/");
    progress.starting("http://www.alpha-shop.test/");
    now[0] = NOW.plusSeconds(2);

    progress.ended();

    assertThat(written).isEmpty();
    assertThat(progress.wasFetched("http://www.alpha-shop.test/")).isTrue();
    assertThat(progress.toResume()).isEmpty();
  }

  @Test
  void resumingRefusesWhatWasFetchedAndContinuesTheCounters() {
    CrawlCheckpoint saved =
        new CrawlCheckpoint(
            REQUEST.site(),
            REQUEST.url(),
            REQUEST.requestedAt(),
            0,
            7,
            false,
            NOW.minusSeconds(60),
            NOW,
            5,
            1,
            900,
            new long[] {CrawlCheckpoint.hash("http://www.alpha-shop.test/")},
            List.of(new CrawlCheckpoint.Pending("http://www.alpha-shop.test/c", 2)));
    CrawlProgress progress =
        new CrawlProgress(REQUEST, 0, 7, CheckpointSettings.defaults(), CLOCK, c -> {}, saved);

    assertThat(progress.resumed()).isTrue();
    assertThat(progress.toResume())
        .containsExactly(new CrawlCheckpoint.Pending("http://www.alpha-shop.test/c", 2));
    assertThat(progress.discovered("http://www.alpha-shop.test/", 1)).isFalse();
    assertThat(progress.discovered("http://www.alpha-shop.test/d", 3)).isTrue();
    progress.page(10);
    CrawlCheckpoint done = progress.snapshot(true);
    assertThat(done.pages()).isEqualTo(6);
    assertThat(done.failures()).isEqualTo(1);
    assertThat(done.bytes()).isEqualTo(910);
    assertThat(done.startedAt()).isEqualTo(NOW.minusSeconds(60));
    assertThat(done.pending()).isEmpty();
  }

  @Test
  void refusesToResumeFromTheCheckpointOfAnotherRequest() {
    CrawlCheckpoint other =
        new CrawlCheckpoint(
            REQUEST.site(),
            REQUEST.url(),
            REQUEST.requestedAt(),
            0,
            8,
            false,
            NOW,
            NOW,
            0,
            0,
            0,
            new long[0],
            List.of());
    assertThatThrownBy(
            () ->
                new CrawlProgress(
                    REQUEST, 0, 7, CheckpointSettings.defaults(), CLOCK, c -> {}, other))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
