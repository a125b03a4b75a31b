package org.sitewatch.crawler.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.events.FetchedPage;
import org.sitewatch.events.JsonSerde;
import org.sitewatch.events.Outcome;

class BoundedOutputTest {
  private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
  private static final String LONG_LINK = "http://far-away.test/" + "x".repeat(45 * 1024);

  private final List<Object> sent = new ArrayList<>();
  private final BoundedOutput output =
      new BoundedOutput(
          new Output() {
            @Override
            public void page(FetchedPage page) {
              sent.add(page);
            }

            @Override
            public void outcome(Outcome outcome) {
              sent.add(outcome);
            }

            @Override
            public void request(CrawlRequest request) {
              sent.add(request);
            }

            @Override
            public void flush() {}

            @Override
            public boolean flush(Duration timeout) {
              return true;
            }

            @Override
            public void stopping() {}

            @Override
            public boolean hasPending() {
              return false;
            }

            @Override
            public void close(Duration timeout) {}
          },
          2048);

  @Test
  void anOutcomeQuotingA64KilobyteSeedStaysSmall() {
    String seed = "http://long-seed.test/" + "a".repeat(64 * 1024);
    Map<String, String> details = new HashMap<>();
    for (int i = 0; i < 500; i++) {
      details.put("k" + i, seed);
    }
    output.outcome(
        new Outcome(
            Outcome.VERSION,
            "long-seed.test",
            seed,
            Outcome.Stage.CRAWLER,
            Outcome.Kind.SITE_CRAWLED,
            "refused: " + seed,
            NOW,
            details));
    Outcome o = (Outcome) sent.get(0);
    assertThat(o.url()).hasSizeLessThan(2100).endsWith("[" + seed.length() + " chars]");
    assertThat(o.details()).hasSizeLessThanOrEqualTo(Bounded.ENTRIES + 1);
    assertThat(JsonSerde.of(Outcome.class).serialize("t", o).length).isLessThan(200_000);
  }

  @Test
  void aPageDropsOverlongLinksAndCutsHugeHeaders() {
    FetchedPage page =
        new FetchedPage(
            FetchedPage.VERSION,
            "home.test",
            "http://home.test/",
            null,
            200,
            Map.of("content-encoding", "gzip, ".repeat(5000)),
            NOW,
            "127.0.0.1",
            "text/html",
            "UTF-8",
            "<html></html>",
            false,
            "0".repeat(64),
            13,
            0,
            List.of("http://home.test/a", LONG_LINK));
    output.page(page);
    FetchedPage p = (FetchedPage) sent.get(0);
    assertThat(p.outlinks()).containsExactly("http://home.test/a");
    assertThat(p.headers().get("content-encoding")).hasSizeLessThan(Bounded.TEXT + 40);
  }

  @Test
  void aThousandLinksOfTwoThousandCharactersAreCutToTheLinkBudget() {
    List<String> links = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      links.add("http://home.test/" + i + "/" + "z".repeat(2000));
    }
    output.page(
        new FetchedPage(
            FetchedPage.VERSION,
            "home.test",
            "http://home.test/",
            null,
            200,
            Map.of(),
            NOW,
            null,
            "text/html",
            "UTF-8",
            "",
            false,
            "0".repeat(64),
            0,
            0,
            links));
    List<String> kept = ((FetchedPage) sent.get(0)).outlinks();
    assertThat(kept).isNotEmpty().isEqualTo(links.subList(0, kept.size()));
    assertThat(kept.stream().mapToInt(String::length).sum())
        .isLessThanOrEqualTo(Bounded.LINK_CHARS);
  }

  @Test
  void aRequestForAnOverlongUrlIsNotPublished() {
    output.request(
        new CrawlRequest(
            CrawlRequest.VERSION,
            LONG_LINK,
            "far-away.test",
            CrawlRequest.Source.LINK,
            1,
            "http://home.test/",
            NOW));
    assertThat(sent).isEmpty();
  }
}
