package org.sitewatch.crawler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import edu.uci.ics.crawler4j.PolitenessServer;
import edu.uci.ics.crawler4j.url.WebURL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Send slots per host, on a fake nanosecond clock. */
class HostPolitenessTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  /** A clock that moves only when told to, and remembers what each thread last read. */
  private static final class FakeClock implements LongSupplier {
    final AtomicLong now = new AtomicLong(1_000_000 * MS);
    final ThreadLocal<Long> lastRead = new ThreadLocal<>();
    final long maxStepNanos;
    final ThreadLocal<Random> random;

    FakeClock(long maxStepNanos) {
      this.maxStepNanos = maxStepNanos;
      AtomicLong seeds = new AtomicLong(42);
      this.random = ThreadLocal.withInitial(() -> new Random(seeds.incrementAndGet()));
    }

    @Override
    public long getAsLong() {
      long step = maxStepNanos == 0 ? 0 : (long) (random.get().nextDouble() * maxStepNanos);
      long t = now.addAndGet(step);
      lastRead.set(t);
      return t;
    }

    void advance(Duration d) {
      now.addAndGet(d.toNanos());
    }
  }

  @ParameterizedTest(name = "clock step up to {0} ms per read")
  @CsvSource({"0", "3", "400"})
  void concurrentCallersForOneHostGetSlotsAtLeastTheDelayApart(long maxStepMs) throws Exception {
    FakeClock clock = new FakeClock(maxStepMs * MS);
    HostPoliteness politeness = new HostPoliteness(clock, Duration.ofMinutes(1));
    int threads = 8;
    int perThread = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<List<Long>>> results = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  List<Long> slots = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    long wait = politeness.reserve("shop.test", 150);
                    slots.add(clock.lastRead.get() + wait);
                  }
                  return slots;
                }));
      }
      go.countDown();
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> f : results) {
        all.addAll(f.get(10, TimeUnit.SECONDS));
      }
      Collections.sort(all);
      assertThat(all).hasSize(threads * perThread);
      for (int i = 1; i < all.size(); i++) {
        assertThat(all.get(i) - all.get(i - 1)).as("gap %d", i).isGreaterThanOrEqualTo(150 * MS);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void differentHostsDoNotWaitForEachOther() {
    FakeClock clock = new FakeClock(0);
    HostPoliteness politeness = new HostPoliteness(clock, Duration.ofMinutes(1));
    assertThat(politeness.reserve("a.test", 200)).isZero();
    assertThat(politeness.reserve("b.test", 200)).isZero();
    assertThat(politeness.reserve("a.test", 200)).isEqualTo(200 * MS);
    assertThat(politeness.reserve("c.test", 200)).isZero();
    assertThat(politeness.reserve("b.test", 200)).isEqualTo(200 * MS);
  }

  @Test
  void waitsOnlyForWhatIsLeftOfTheDelayAndStoresTheSlotNotTheCheck() {
    FakeClock clock = new FakeClock(0);
    HostPoliteness politeness = new HostPoliteness(clock, Duration.ofMinutes(1));
    assertThat(politeness.reserve("a.test", 200)).isZero();
    clock.advance(Duration.ofMillis(50));
    // the second request must wait until 200 ms after the first, and its slot is that instant
    assertThat(politeness.reserve("a.test", 200)).isEqualTo(150 * MS);
    clock.advance(Duration.ofMillis(150)); // the caller slept; its request goes out now
    // so the third one waits a full delay, not the delay minus the second one's sleep
    assertThat(politeness.reserve("a.test", 200)).isEqualTo(200 * MS);
    clock.advance(Duration.ofSeconds(5));
    assertThat(politeness.reserve("a.test", 200)).isZero();
  }

  @Test
  void takesTheDelayOfTheAskingCrawl() {
    FakeClock clock = new FakeClock(0);
    HostPoliteness politeness = new HostPoliteness(clock, Duration.ofMinutes(1));
    PolitenessServer slow = politeness.forCrawl(host -> host.equals("a.test") ? 1_000 : 10);
    PolitenessServer fast = politeness.forCrawl(100);
    assertThat(slow.applyPoliteness(url("http://A.test/x"))).isEqualTo(-1);
    assertThat(slow.applyPoliteness(url("http://a.test/y"))).isEqualTo(1_000);
    // the other crawl queues behind the reserved slot with its own, shorter delay
    assertThat(fast.applyPoliteness(url("http://a.test:8080/z"))).isEqualTo(1_100);
    assertThat(slow.applyPoliteness(url("http://b.test/"))).isEqualTo(-1);
    assertThat(slow.applyPoliteness(url("http://b.test/2"))).isEqualTo(10);
  }

  @Test
  void roundsPartialMillisecondsUp() {
    FakeClock clock = new FakeClock(0);
    HostPoliteness politeness = new HostPoliteness(clock, Duration.ofMinutes(1));
    politeness.forCrawl(100).applyPoliteness(url("http://a.test/"));
    clock.now.addAndGet(MS / 2);
    assertThat(politeness.forCrawl(100).applyPoliteness(url("http://a.test/2"))).isEqualTo(100);
  }

  @Test
  void waitsAFullDelayAfterTheCrawlsPreviousRequestReturned() {
    FakeClock clock = new FakeClock(0);
    HostPoliteness politeness = new HostPoliteness(clock, Duration.ofMinutes(1));
    PolitenessServer crawl = politeness.forCrawl(200);
    assertThat(crawl.applyPoliteness(url("http://a.test/"))).isEqualTo(-1);
    clock.advance(Duration.ofMillis(80)); // the request went out late and took a while
    // counted from the response, not from the slot of the previous request
    assertThat(crawl.applyPoliteness(url("http://a.test/2"))).isEqualTo(200);
    clock.advance(Duration.ofMillis(230));
    assertThat(crawl.applyPoliteness(url("http://b.test/"))).isEqualTo(-1);
    // the request to a.test returned when the crawl asked for b.test: a.test counts from then
    assertThat(politeness.forCrawl(200).applyPoliteness(url("http://a.test/3"))).isEqualTo(200);
  }

  @Test
  void forgetsHostsIdleForLongerThanTheirDelayAndTheIdleTime() {
    FakeClock clock = new FakeClock(0);
    HostPoliteness politeness = new HostPoliteness(clock, Duration.ofSeconds(10));
    politeness.reserve("a.test", 100);
    politeness.reserve("b.test", 100);
    politeness.reserve("slow.test", 60_000);
    politeness.reserve("slow.test", 60_000); // its slot is a minute ahead
    clock.advance(Duration.ofSeconds(11));
    politeness.reserve("c.test", 100);
    assertThat(politeness.trackedHosts()).isEqualTo(2); // slow.test and c.test
    assertThat(politeness.reserve("slow.test", 60_000)).isEqualTo(109_000 * MS);
  }

  @Test
  void refusesADelayOutsideTheSettingsRange() {
    HostPoliteness politeness = new HostPoliteness();
    assertThatThrownBy(() -> politeness.forCrawl(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 0 and 3600000");
  }

  @Test
  void fallsBackToTheDomainOfAUrlThatDoesNotParse() {
    PolitenessServer server =
        new HostPoliteness(new FakeClock(0), Duration.ofMinutes(1)).forCrawl(100);
    assertThat(server.applyPoliteness(url("http://a.test/a b|c"))).isEqualTo(-1);
    assertThat(server.applyPoliteness(url("http://a.test/d e|f"))).isEqualTo(100);
  }

  private static WebURL url(String text) {
    WebURL url = new InMemoryFrontier.CrawlUrl();
    url.setURL(text);
    return url;
  }
}
