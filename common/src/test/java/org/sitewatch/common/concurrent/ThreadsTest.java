package org.sitewatch.common.concurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ThreadsTest {
  @Test
  void aNamedThreadIsNotADaemonUnlessAsked() {
    Thread plain = Threads.named("sitewatch-test").newThread(() -> {});
    assertThat(plain.getName()).isEqualTo("sitewatch-test");
    assertThat(plain.isDaemon()).isFalse();
    Thread daemon = Threads.named("sitewatch-test").daemon().newThread(() -> {});
    assertThat(daemon.isDaemon()).isTrue();
    assertThat(daemon.getState()).isEqualTo(Thread.State.NEW);
  }

  @Test
  void numberedThreadsCountFromOne() {
    Threads.Factory f = Threads.named("crawler-site").numbered().daemon();
    assertThat(f.newThread(() -> {}).getName()).isEqualTo("crawler-site-1");
    assertThat(f.newThread(() -> {}).getName()).isEqualTo("crawler-site-2");
    assertThat(f.newThread(() -> {}).isDaemon()).isTrue();
  }

  @Test
  void refinementsAreNewFactories() {
    Threads.Factory base = Threads.named("x");
    base.daemon();
    assertThat(base.newThread(() -> {}).isDaemon()).isFalse();
    assertThat(base.toString()).isEqualTo("Threads.named(x)");
    assertThat(base.numbered().daemon().toString())
        .isEqualTo("Threads.named(x).numbered().daemon()");
  }

  @Test
  void anExecutorRunsOnTheNamedThread() throws Exception {
    ExecutorService pool =
        Executors.newSingleThreadExecutor(Threads.named("sitewatch-probe").daemon());
    try {
      assertThat(pool.submit(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS))
          .isEqualTo("sitewatch-probe");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void startRunsTheTask() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    AtomicReference<String> name = new AtomicReference<>();
    Thread t =
        Threads.start(
            "sitewatch-once",
            true,
            () -> {
              name.set(Thread.currentThread().getName());
              ran.countDown();
            });
    assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
    t.join(5000);
    assertThat(name.get()).isEqualTo("sitewatch-once");
    assertThat(t.isDaemon()).isTrue();
  }

  @Test
  void refusesABlankName() {
    assertThatThrownBy(() -> Threads.named(" ")).isInstanceOf(IllegalArgumentException.class);
  }
}
