package org.sitewatch.crawler.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FetchDeadlinesTest {
  @Test
  void closingSetsOffEveryAlarmStillWaitingSoNoFetchOutlivesTheWorkerWithoutADeadline() {
    AtomicInteger aborted = new AtomicInteger();
    FetchDeadlines deadlines = new FetchDeadlines();
    deadlines.after(3_600_000, aborted::incrementAndGet);
    deadlines.after(3_600_000, aborted::incrementAndGet);
    FetchDeadlines.Alarm endedInTime = deadlines.after(3_600_000, aborted::incrementAndGet);
    endedInTime.cancel();

    deadlines.close();

    assertThat(aborted).hasValue(2);
    assertThat(deadlines.pending()).isZero();
    deadlines.close(); // idempotent: nothing goes off twice
    assertThat(aborted).hasValue(2);
  }

  @Test
  void anAlarmGoesOffOnceAtItsTimeAndNotAgainOnClose() throws InterruptedException {
    AtomicInteger fired = new AtomicInteger();
    CountDownLatch latch = new CountDownLatch(1);
    try (FetchDeadlines deadlines = new FetchDeadlines()) {
      deadlines.after(
          10,
          () -> {
            fired.incrementAndGet();
            latch.countDown();
          });
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(deadlines.pending()).isZero();
    }
    assertThat(fired).hasValue(1);
  }

  @Test
  void aCancelledAlarmNeverGoesOff() {
    AtomicInteger fired = new AtomicInteger();
    FetchDeadlines deadlines = new FetchDeadlines();
    deadlines.after(3_600_000, fired::incrementAndGet).cancel();
    assertThat(deadlines.pending()).isZero();
    deadlines.close();
    assertThat(fired).hasValue(0);
  }

  @Test
  void aFetchStartedAfterTheCloseIsRefused() {
    FetchDeadlines deadlines = new FetchDeadlines();
    deadlines.close();
    assertThatThrownBy(() -> deadlines.after(1_000, () -> {}))
        .isInstanceOf(RejectedExecutionException.class);
    assertThat(deadlines.pending()).isZero();
  }
}
