package org.sitewatch.infra.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Typed access to the resolved configuration values: a bad value becomes a problem in the list (and
 * a placeholder is returned), so that one load reports every problem at once.
 */
final class ConfigValues {
  final Map<String, String> values;
  final List<String> problems;

  ConfigValues(Map<String, String> values, List<String> problems) {
    this.values = values;
    this.problems = problems;
  }

  String raw(String key) {
    return values.get(key);
  }

  <T> T get(String key, Function<String, T> parser) {
    try {
      return parser.apply(values.get(key));
    } catch (RuntimeException e) {
      problems.add(key + ": " + e.getMessage());
      return null;
    }
  }

  Integer integer(String key) {
    Integer value =
        get(
            key,
            s -> {
              try {
                return Integer.valueOf(s);
              } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected an integer, got '" + s + "'");
              }
            });
    return value == null ? 1 : value;
  }

  double dbl(String key) {
    Double value =
        get(
            key,
            s -> {
              try {
                return Double.valueOf(s);
              } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a number, got '" + s + "'");
              }
            });
    return value == null ? 0.5 : value;
  }

  boolean bool(String key) {
    Boolean value =
        get(
            key,
            s -> {
              if (!s.equalsIgnoreCase("true") && !s.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException("expected true or false, got '" + s + "'");
              }
              return Boolean.valueOf(s);
            });
    return value != null && value;
  }

  short shortInt(String key) {
    int value = integer(key);
    if (value < 1 || value > Short.MAX_VALUE) {
      problems.add(key + ": expected 1 to " + Short.MAX_VALUE + ", got " + value);
      return 1;
    }
    return (short) value;
  }

  /** A duration as whole milliseconds that fit an int (timeouts handed to HTTP clients). */
  int millis(String key) {
    long ms = duration(key).toMillis();
    if (ms > Integer.MAX_VALUE) {
      problems.add(
          key
              + ": at most "
              + Duration.ofMillis(Integer.MAX_VALUE)
              + ", got "
              + Duration.ofMillis(ms));
      return 1000;
    }
    return (int) ms;
  }

  /** An integer from {@code min} to {@code max}; out of range: a problem naming the range. */
  int integerIn(String key, int min, int max) {
    int before = problems.size();
    int value = integer(key);
    if (problems.size() > before) {
      return min; // not a number: said already
    }
    if (value < min || value > max) {
      problems.add(
          key
              + ": expected "
              + (max == Integer.MAX_VALUE ? "at least " + min : min + " to " + max)
              + ", got "
              + value);
      return min;
    }
    return value;
  }

  /** A duration longer than zero. */
  Duration positiveDuration(String key) {
    int before = problems.size();
    Duration value = duration(key);
    if (problems.size() > before) {
      return value;
    }
    if (value.isZero() || value.isNegative()) {
      problems.add(key + ": must be longer than 0, got '" + raw(key) + "'");
      return Duration.ofSeconds(1);
    }
    return value;
  }

  /** A duration of zero or more. */
  Duration nonNegativeDuration(String key) {
    Duration value = duration(key);
    if (value.isNegative()) {
      problems.add(key + ": must not be negative, got '" + raw(key) + "'");
      return Duration.ZERO;
    }
    return value;
  }

  Duration duration(String key) {
    Duration value = get(key, ConfigLoader::parseDuration);
    return value == null ? Duration.ofSeconds(1) : value;
  }

  /** Builds a section; a validation failure of the record becomes a problem, not a crash. */
  <T> T section(Supplier<T> factory) {
    try {
      return factory.get();
    } catch (RuntimeException e) {
      problems.add(String.valueOf(e.getMessage()));
      return null;
    }
  }
}
