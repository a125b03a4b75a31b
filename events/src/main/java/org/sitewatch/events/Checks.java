package org.sitewatch.events;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Validation helpers shared by the compact constructors of the event records. */
final class Checks {
  private Checks() {}

  static String text(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    return value;
  }

  static <T> List<T> list(List<T> value) {
    return value == null ? List.of() : List.copyOf(value);
  }

  static <K, V> Map<K, V> map(Map<K, V> value) {
    return value == null ? Map.of() : Map.copyOf(value);
  }

  /** The longest trace id accepted: a UUID is 36 characters. */
  static final int MAX_TRACE_ID = 64;

  /** A trace id is optional; when present, a short token of letters, digits, '.', '_', '-'. */
  static String traceId(String value) {
    if (value == null) {
      return null;
    }
    if (value.isEmpty()
        || value.length() > MAX_TRACE_ID
        || !value
            .chars()
            .allMatch(
                c ->
                    (c >= 'a' && c <= 'z')
                        || (c >= 'A' && c <= 'Z')
                        || (c >= '0' && c <= '9')
                        || c == '.'
                        || c == '_'
                        || c == '-')) {
      throw new IllegalArgumentException(
          "traceId must be 1.." + MAX_TRACE_ID + " characters of [A-Za-z0-9._-]");
    }
    return value;
  }

  static int version(int v) {
    if (v < 0) {
      throw new IllegalArgumentException("schema version must be >= 0");
    }
    return v == 0 ? 1 : v;
  }
}
