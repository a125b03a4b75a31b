package org.sitewatch.infra.demo;

import java.time.Instant;
import java.util.Objects;

/**
 * One request the demo farm answered.
 *
 * @param at when the response was sent, from the farm's clock
 * @param host the host the request named (Host header without port, lower case; empty if none)
 * @param path the request path, without query
 * @param status the HTTP status sent
 */
public record RequestLogEntry(Instant at, String host, String path, int status) {
  public RequestLogEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(path, "path");
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("not an HTTP status: " + status);
    }
  }
}
