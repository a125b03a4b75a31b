package org.sitewatch.infra.ops;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One condition of a process's readiness ({@code /health/ready}), e.g. "kafka", "postgresql",
 * "streams", "consumer-assigned": asked when the endpoint is asked, it answers what is wrong, or
 * empty when the condition holds. A check must answer quickly (bounded by its own timeout) and
 * never throw: an exception counts as a problem.
 *
 * @param name short, stable, lower-case name shown in the readiness answer and the log
 * @param problem what is wrong right now, or empty
 */
public record HealthCheck(String name, Supplier<Optional<String>> problem) {
  public HealthCheck {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(problem, "problem");
    if (!name.matches("[a-z0-9][a-z0-9-]{0,39}")) {
      throw new IllegalArgumentException("invalid health check name: '" + name + "'");
    }
  }
}
