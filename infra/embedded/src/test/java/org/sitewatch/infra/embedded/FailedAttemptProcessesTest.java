package org.sitewatch.infra.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processes of a failed embedded PostgreSQL attempt are stopped before the start gives up, even
 * when the start is being stopped (its thread interrupted), and the stop is still reported.
 */
class FailedAttemptProcessesTest {

  @Test
  void anInterruptedCleanUpStillGivesTheAttemptsProcessItsOrderlyStop(@TempDir Path dir)
      throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
    String name = "sitewatch-test-" + UUID.randomUUID();
    Path stopped = dir.resolve("stopped");
    // stands in for a postmaster of the attempt: named by the attempt's cluster_name, it records
    // an orderly stop on SIGTERM (a shell runs the trap once its current command has ended)
    Process attempt =
        new ProcessBuilder(
                "/bin/sh",
                "-c",
                "trap 'echo done > \"$1\"; exit 0' TERM; while :; do sleep 0.1; done",
                "cluster_name=" + name,
                stopped.toString())
            .start();
    try {
      // the shell has set its trap once it runs its first sleep
      for (int i = 0; i < 100 && attempt.descendants().findAny().isEmpty(); i++) {
        Thread.sleep(20);
      }
      Exception cause = new java.io.IOException("gave up");
      Thread.currentThread().interrupt();
      EmbeddedPostgresStart.stopProcessesOf(name, cause);
      boolean stillInterrupted = Thread.interrupted();

      assertThat(attempt.isAlive()).as("the attempt's process when the clean-up returns").isFalse();
      assertThat(stopped).as("the attempt's process stopped in order, not killed").exists();
      assertThat(stillInterrupted).as("the stop is kept for the caller").isTrue();
    } finally {
      Thread.interrupted();
      attempt.destroyForcibly();
    }
  }

  @Test
  void aStopArrivingDuringTheCleanUpIsKeptForTheCaller() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
    String name = "sitewatch-test-" + UUID.randomUUID();
    // ignores SIGTERM: the clean-up waits for it until the stop arrives, then kills it
    Process attempt =
        new ProcessBuilder(
                "/bin/sh",
                "-c",
                "trap '' TERM; while :; do sleep 0.1; done",
                "cluster_name=" + name)
            .start();
    Thread caller = Thread.currentThread();
    Thread stop =
        new Thread(
            () -> {
              try {
                Thread.sleep(500);
              } catch (InterruptedException e) {
                return;
              }
              caller.interrupt();
            });
    try {
      for (int i = 0; i < 100 && attempt.descendants().findAny().isEmpty(); i++) {
        Thread.sleep(20);
      }
      stop.start();
      EmbeddedPostgresStart.stopProcessesOf(name, new java.io.IOException("gave up"));
      boolean stillInterrupted = Thread.interrupted();

      assertThat(attempt.isAlive()).as("the attempt's process when the clean-up returns").isFalse();
      assertThat(stillInterrupted).as("the stop that arrived during the clean-up is kept").isTrue();
    } finally {
      stop.interrupt();
      stop.join();
      Thread.interrupted();
      attempt.destroyForcibly();
    }
  }
}
