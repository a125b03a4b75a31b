package org.sitewatch.infra.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

class PortRetryTest {
  private final AtomicInteger next = new AtomicInteger(40_000);
  private final IntSupplier picker = next::incrementAndGet;

  @Test
  void aTakenPortIsRetriedOnFreshPorts() {
    List<String> seen = new ArrayList<>();
    String started =
        PortRetry.start(
            "server",
            2,
            5,
            picker,
            ports -> {
              seen.add(ports[0] + "/" + ports[1]);
              if (seen.size() == 1) {
                throw new UncheckedIOException(new BindException("Address already in use"));
              }
              if (seen.size() == 2) {
                throw new PortRetry.PortTakenException("answers as another server");
              }
              return "on " + ports[0];
            });
    assertThat(seen).containsExactly("40001/40002", "40003/40004", "40005/40006");
    assertThat(started).isEqualTo("on 40005");
  }

  @Test
  void givesUpAfterTheLastAttemptNamingThePortsTried() {
    assertThatThrownBy(
            () ->
                PortRetry.start(
                    "the test server",
                    1,
                    2,
                    picker,
                    ports -> {
                      throw new BindException("Address already in use");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "the test server did not start: 2 times a port chosen for it was taken before it"
                + " bound it (ports tried: [40001], [40002]); last failure: Address already in use")
        .hasCauseInstanceOf(BindException.class);
  }

  @Test
  void anyOtherFailureEndsTheStartAtOnce() {
    AtomicInteger attempts = new AtomicInteger();
    assertThatThrownBy(
            () ->
                PortRetry.start(
                    "server",
                    1,
                    5,
                    picker,
                    ports -> {
                      attempts.incrementAndGet();
                      throw new IOException("initdb failed");
                    }))
        .isInstanceOf(UncheckedIOException.class)
        .hasRootCauseMessage("initdb failed");
    assertThat(attempts).hasValue(1);
  }

  @Test
  void thePortsOfOneAttemptDiffer() {
    int[] sequence = {7, 7, 7, 8};
    AtomicInteger i = new AtomicInteger();
    int[] ports = PortRetry.start("server", 2, 1, () -> sequence[i.getAndIncrement()], p -> p);
    assertThat(ports).containsExactly(7, 8);
  }
}
