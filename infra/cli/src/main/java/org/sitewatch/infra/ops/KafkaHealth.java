package org.sitewatch.infra.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * The {@code kafka} readiness check of a process: the cluster answered a {@code describeCluster}
 * within {@link #TIMEOUT}. One per process, shared by its stages, on one Admin client; an answer is
 * reused for {@link #MAX_AGE}, so that probes and scrapes do not hammer the brokers.
 */
public final class KafkaHealth implements AutoCloseable {
  /** How long the cluster may take to answer. */
  public static final Duration TIMEOUT = Duration.ofSeconds(2);

  /** How long an answer is reused. */
  public static final Duration MAX_AGE = Duration.ofSeconds(5);

  private final Admin admin;
  private final Clock clock;
  private final HealthCheck check = new HealthCheck("kafka", this::problem);
  private Instant askedAt;
  private Optional<String> answer;

  /** An Admin client of its own on {@code kafkaProps} (the process's client properties). */
  public KafkaHealth(Map<String, Object> kafkaProps, Clock clock) {
    this(Admin.create(adminProps(kafkaProps)), clock);
  }

  KafkaHealth(Admin admin, Clock clock) {
    this.admin = Objects.requireNonNull(admin, "admin");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  private static Map<String, Object> adminProps(Map<String, Object> kafkaProps) {
    Map<String, Object> props = new HashMap<>(kafkaProps);
    props.put("client.id", "sitewatch-health");
    return props;
  }

  /** The check, as every stage of the process lists it. */
  public HealthCheck check() {
    return check;
  }

  private synchronized Optional<String> problem() {
    Instant now = clock.instant();
    if (askedAt != null && Duration.between(askedAt, now).compareTo(MAX_AGE) < 0) {
      return answer;
    }
    answer = ask();
    askedAt = clock.instant();
    return answer;
  }

  private Optional<String> ask() {
    try {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
          .clusterId()
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return Optional.empty();
    } catch (TimeoutException e) {
      return Optional.of("no answer within " + TIMEOUT.toSeconds() + " s");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return Optional.of(
          cause instanceof org.apache.kafka.common.errors.TimeoutException
              ? "no answer within " + TIMEOUT.toSeconds() + " s"
              : String.valueOf(cause.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted while asking");
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(1));
  }
}
