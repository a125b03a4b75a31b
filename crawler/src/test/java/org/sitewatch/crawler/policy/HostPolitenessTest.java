package org.sitewatch.crawler.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HostPolitenessTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Map<String, Long> delays =
      new java.util.HashMap<>(Map.of("a.test", 300L, "b.test", 300L));
  private final HostPoliteness politeness =
      new HostPoliteness(h -> delays.getOrDefault(h, 300L), nanos::get);

  private void advanceMs(long ms) {
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
  }

  @Test
  void waitsUntilTheHostsDelayHasPassedSinceItsLastRequestStarted() {
    assertThat(politeness.waitFor("a.test")).isZero();
    politeness.started("a.test");
    advanceMs(10);
    assertThat(politeness.waitFor("a.test")).isEqualTo(290);
    advanceMs(320); // the fetch thread woke up late: the next gap counts from the real start
    politeness.started("a.test");
    advanceMs(100);
    assertThat(politeness.waitFor("a.test")).isEqualTo(200);
    assertThat(politeness.waitedMs()).isEqualTo(490);
  }

  @Test
  void keepsHostsApart() {
    politeness.started("a.test");
    assertThat(politeness.waitFor("b.test")).isZero();
  }

  @Test
  void appliesADelayThatGrewAfterTheFirstRequest() {
    politeness.started("a.test");
    delays.put("a.test", 2000L); // robots.txt said Crawl-delay: 2
    advanceMs(100);
    assertThat(politeness.waitFor("a.test")).isEqualTo(1900);
  }

  @Test
  void aLaterCrawlSharingTheContactsWaitsForTheHostsLastAnswerInAnEarlierOne() {
    HostContacts contacts = new HostContacts();
    HostPoliteness first = new HostPoliteness(h -> 300L, nanos::get, contacts);
    first.started("a.test"); // the earlier crawl's last answer
    advanceMs(50);
    HostPoliteness second = new HostPoliteness(h -> 300L, nanos::get, contacts);
    assertThat(second.waitFor("a.test")).isEqualTo(250);
    assertThat(second.waitFor("b.test")).isZero();
  }

  @Test
  void forgetsTheLeastRecentlyContactedHostsBeyondTheBound() {
    HostContacts contacts = new HostContacts();
    for (int i = 0; i <= HostContacts.MAX_HOSTS; i++) {
      contacts.contacted("h" + i + ".test", i);
    }
    assertThat(contacts.size()).isEqualTo(HostContacts.MAX_HOSTS);
    assertThat(contacts.last("h0.test")).isEmpty();
    assertThat(contacts.last("h1.test")).hasValue(1);
  }
}
