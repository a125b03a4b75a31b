package org.sitewatch.crawler.crawl;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Map;
import org.sitewatch.crawler.fetch.TotalTimeoutException;
import org.sitewatch.crawler.fetch.UnusableResponseException;
import org.sitewatch.crawler.net.RefusedAddressException;
import org.sitewatch.events.Outcome;

/**
 * Classifies an exception of a fetch into the outcome an analyst reads: refused by the address
 * policy, DNS failure, total timeout, unusable content coding, timeout, connection failure, other
 * I/O failure, or an unexpected error.
 */
final class FetchFailures {
  private FetchFailures() {}

  /** A failure outcome's kind, reason and details; {@code unexpected} when it is a bug. */
  record Failure(
      Outcome.Kind kind, String reason, Map<String, String> details, boolean unexpected) {}

  static Failure classify(Throwable e) {
    RefusedAddressException refused = causeOf(e, RefusedAddressException.class);
    if (refused != null) {
      return failure(Outcome.Kind.REFUSED, refused.getMessage(), Map.of());
    }
    UnknownHostException dns = causeOf(e, UnknownHostException.class);
    if (dns != null) {
      return failure(Outcome.Kind.FETCH_FAILED, "DNS lookup failed: " + dns.getMessage(), Map.of());
    }
    TotalTimeoutException total = causeOf(e, TotalTimeoutException.class);
    if (total != null) {
      return failure(
          Outcome.Kind.FETCH_FAILED, total.getMessage(), Map.of("rule", "total-timeout"));
    }
    UnusableResponseException unusable = causeOf(e, UnusableResponseException.class);
    if (unusable != null) {
      return failure(
          Outcome.Kind.FETCH_FAILED, unusable.getMessage(), Map.of("rule", "content-coding"));
    }
    String what;
    if (causeOf(e, SocketTimeoutException.class) != null) {
      what = "timed out";
    } else if (causeOf(e, ConnectException.class) != null
        || causeOf(e, NoRouteToHostException.class) != null) {
      what = "connection failed";
    } else if (e instanceof IOException) {
      what = "fetch failed";
    } else {
      return new Failure(Outcome.Kind.OTHER, "unexpected error: " + e, Map.of(), true);
    }
    return failure(
        Outcome.Kind.FETCH_FAILED,
        what
            + ": "
            + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + e.getMessage()),
        Map.of());
  }

  private static Failure failure(Outcome.Kind kind, String reason, Map<String, String> details) {
    return new Failure(kind, reason, details, false);
  }

  private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
