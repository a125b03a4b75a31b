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

  @Test
  void twoCrawlsAskingForOneHostBeforeEitherRequestGoesOutGetDifferentSlots() {
    HostContacts contacts = new HostContacts();
    HostPoliteness first = new HostPoliteness(h -> 300L, nanos::get, contacts);
    HostPoliteness second = new HostPoliteness(h -> 300L, nanos::get, contacts);
    first.started("a.test"); // an earlier request
    advanceMs(400);
    // both ask before either has slept and sent: one may go now, the other 300 ms later
    assertThat(first.waitFor("a.test")).isZero();
    assertThat(second.waitFor("a.test")).isEqualTo(300);
    // an answer that arrives before the reserved slot does not move the booking back
    advanceMs(100);
    first.started("a.test");
    HostPoliteness third = new HostPoliteness(h -> 300L, nanos::get, contacts);
    assertThat(third.waitFor("a.test")).isEqualTo(500);
  }

  @Test
  void reserveBooksOneSlotPerCallerWhenTwoThreadsAskAtOnce() throws Exception {
    HostContacts contacts = new HostContacts();
    long delay = TimeUnit.MILLISECONDS.toNanos(300);
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    java.util.List<Long> waits =
        java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    Runnable ask =
        () -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          waits.add(contacts.reserve("a.test", delay, 0L));
        };
    Thread a = new Thread(ask);
    Thread b = new Thread(ask);
    a.start();
    b.start();
    go.countDown();
    a.join();
    b.join();
    assertThat(waits).containsExactlyInAnyOrder(0L, delay);
  }

  @Test
  void forgetsTheLeastRecentlyContactedHostNotTheLeastRecentlyAsked() {
    HostContacts contacts = new HostContacts();
    for (int i = 0; i < HostContacts.MAX_HOSTS; i++) {
      contacts.contacted("h" + i + ".test", i);
    }
    assertThat(contacts.last("h0.test")).hasValue(0); // asking is no contact
    contacts.contacted("new.test", HostContacts.MAX_HOSTS);
    assertThat(contacts.last("h0.test")).isEmpty();
    assertThat(contacts.last("h1.test")).hasValue(1);
  }
}
