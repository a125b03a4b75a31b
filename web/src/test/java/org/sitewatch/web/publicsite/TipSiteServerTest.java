package org.sitewatch.web.publicsite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.sink.tips.TipStore;
import org.sitewatch.web.crawl.CrawlRequests;

class TipSiteServerTest {
  @Test
  void theClientAddressIsTheLastEntryOfTheLastInstanceOfTheHeader() {
    // a client's own first line cannot choose its key: the proxy appends to the last one
    assertThat(
            TipSiteServer.clientAddress(
                List.of("192.0.2.66", "198.51.100.1, 203.0.113.7"), "127.0.0.1"))
        .isEqualTo("203.0.113.7");
    assertThat(TipSiteServer.clientAddress(List.of("forged, 203.0.113.7 "), "127.0.0.1"))
        .isEqualTo("203.0.113.7");
    assertThat(TipSiteServer.clientAddress(List.of("2001:db8::1"), "127.0.0.1"))
        .isEqualTo("2001:db8::1");
  }

  @Test
  void withoutAUsableHeaderTheConnectionsAddressIsUsed() {
    assertThat(TipSiteServer.clientAddress(List.of(), "192.0.2.9")).isEqualTo("192.0.2.9");
    assertThat(TipSiteServer.clientAddress(List.of("203.0.113.7", "a, "), "192.0.2.9"))
        .isEqualTo("192.0.2.9");
  }

  @Test
  @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang's guard
  void aReadFailureIsATimeoutOnlyWithATimeoutAmongItsCausesEvenWhenTheChainLoops() {
    IOException read = new IOException("read failed");
    IllegalStateException inner = new IllegalStateException("inner");
    read.initCause(inner);
    inner.initCause(read); // A -> B -> A: Throwable cannot refuse a loop longer than one
    assertThat(TipSiteServer.timedOut(read)).isFalse();
    assertThat(TipSiteServer.timedOut(new IOException(new TimeoutException("idle")))).isTrue();
  }

  @Test
  void sendingStopsAtTheFirstFailureAndTheRestStayUnsent() {
    List<String> tried = new ArrayList<>();
    CrawlRequests down =
        request -> {
          tried.add(request.site());
          if (request.site().equals("b.example")) {
            throw new IllegalStateException("broker down");
          }
        };
    List<Long> sent =
        TipSiteServer.sendUntilFailure(
            List.of(tip(1, "a.example"), tip(2, "b.example"), tip(3, "c.example")), down);
    assertThat(sent).containsExactly(1L);
    assertThat(tried).containsExactly("a.example", "b.example"); // c is not tried
  }

  @Test
  void allAreSentWhenTheBrokerAnswers() {
    List<CrawlRequest> got = new ArrayList<>();
    assertThat(
            TipSiteServer.sendUntilFailure(
                List.of(tip(1, "a.example"), tip(2, "b.example")), got::add))
        .containsExactly(1L, 2L);
    assertThat(got).hasSize(2);
  }

  private static TipStore.Tip tip(long id, String site) {
    return new TipStore.Tip(
        id, site, List.of("http://" + site + "/"), 5, Instant.parse("2026-12-07T08:00:00Z"));
  }
}
