package org.sitewatch.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HostPolitenessTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Map<String, Long> delays = new java.util.HashMap<>(Map.of("a.test", 300L, "b.test", 300L));
  private final HostPoliteness politeness =
      new HostPoliteness(h -> delays.getOrDefault(h, 300L), nanos::get);

  private void advanceMs(long ms) {
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
  }

  @Test
  void spacesRequestSlotsToOneHostByItsDelayEvenWhenCallersAskEarly() {
    assertThat(politeness.waitFor("a.test")).isZero();
    advanceMs(10);
    assertThat(politeness.waitFor("a.test")).isEqualTo(290); // slot at 300
    advanceMs(295); // the caller slept and fetched quickly: now 305
    assertThat(politeness.waitFor("a.test")).isEqualTo(295); // slot at 600, not 305 + 0
    assertThat(politeness.waitedMs()).isEqualTo(585);
  }

  @Test
  void keepsHostsApart() {
    assertThat(politeness.waitFor("a.test")).isZero();
    assertThat(politeness.waitFor("b.test")).isZero();
  }

  @Test
  void appliesADelayThatGrewAfterTheFirstRequest() {
    assertThat(politeness.waitFor("a.test")).isZero();
    delays.put("a.test", 2000L); // robots.txt said Crawl-delay: 2
    advanceMs(100);
    assertThat(politeness.waitFor("a.test")).isEqualTo(1900);
  }
}
