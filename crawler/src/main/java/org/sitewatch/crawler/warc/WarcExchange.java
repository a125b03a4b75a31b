package org.sitewatch.crawler.warc;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One HTTP exchange as it went over the wire, ready to be written as a {@code response}, a {@code
 * request} and (when {@code metadata} is not empty) a {@code metadata} record.
 *
 * @param targetUri the requested URI
 * @param date when the response headers arrived (written with millisecond precision)
 * @param ipAddress the address the connection went to, or {@code null} when unknown
 * @param requestHead the request line and headers as sent, each line ending in CRLF, with the empty
 *     line that ends them
 * @param responseHead the status line and headers as received, same form
 * @param body the entity body as received: transfer coding removed, content coding (gzip, br...)
 *     still applied; possibly cut short, see {@code truncated}
 * @param truncated {@code null}, or why the body is incomplete: {@code length} (size cap), {@code
 *     time} (deadline) or {@code disconnect} (the server closed early)
 * @param metadata fields of the metadata record, in order; each name may repeat
 */
public record WarcExchange(
    URI targetUri,
    Instant date,
    String ipAddress,
    byte[] requestHead,
    byte[] responseHead,
    byte[] body,
    String truncated,
    Map<String, List<String>> metadata) {
  private static final Set<String> REASONS = Set.of("length", "time", "disconnect", "unspecified");

  public WarcExchange {
    Objects.requireNonNull(targetUri, "targetUri");
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(requestHead, "requestHead");
    Objects.requireNonNull(responseHead, "responseHead");
    Objects.requireNonNull(body, "body");
    if (truncated != null && !REASONS.contains(truncated)) {
      throw new IllegalArgumentException(
          "truncated must be one of " + REASONS + ", got " + truncated);
    }
    Map<String, List<String>> copy = new LinkedHashMap<>();
    if (metadata != null) {
      metadata.forEach(
          (k, v) -> copy.put(Objects.requireNonNull(k, "metadata name"), List.copyOf(v)));
    }
    metadata = java.util.Collections.unmodifiableMap(copy);
  }
}
