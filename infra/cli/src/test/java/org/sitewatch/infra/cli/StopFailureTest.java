package org.sitewatch.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * After a stop signal, a command's failure counts as the clean stop only when the stop caused it (a
 * wait the interrupt ended); any other failure (closing the stages, writing a report) stays a
 * failure.
 */
class StopFailureTest {

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @Test
  void aWaitEndedByTheInterruptIsTheStop() {
    // the pool's "interrupted during connection acquisition", under the lead-store error
    SQLException acquisition =
        new SQLException("interrupted during connection acquisition", new InterruptedException());
    assertThat(
            SitewatchCommand.interrupted(new IllegalStateException("cannot connect", acquisition)))
        .isTrue();
    assertThat(SitewatchCommand.interrupted(new UncheckedIOException(new InterruptedIOException())))
        .isTrue();
    assertThat(
            SitewatchCommand.interrupted(
                new RuntimeException(new IOException(new ClosedByInterruptException()))))
        .isTrue();
  }

  @Test
  void aFailureWithoutAnInterruptIsNotTheStop() {
    assertThat(
            SitewatchCommand.interrupted(
                new UncheckedIOException(
                    "cannot stop the embedded PostgreSQL", new IOException("pg_ctl failed"))))
        .isFalse();
    assertThat(SitewatchCommand.interrupted(new IllegalStateException("cannot write leads")))
        .isFalse();
  }

  @Test
  void aThreadStillInterruptedIsTheStop() {
    Thread.currentThread().interrupt();
    assertThat(SitewatchCommand.interrupted(new IllegalStateException("no cause"))).isTrue();
  }

  @Test
  void aCauseChainWithACycleEnds() {
    IOException a = new IOException("a");
    IOException b = new IOException("b", a);
    a.initCause(b);
    assertThat(SitewatchCommand.interrupted(a)).isFalse();
  }
}
