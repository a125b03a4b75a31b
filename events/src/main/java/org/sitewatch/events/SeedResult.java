package org.sitewatch.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of the seed of a site crawl (its first page or failure), on the {@code SITE_CRAWLED}
 * {@link Outcome} of every crawl ({@link Outcome#seed()}, version 2). The sink judges recrawl
 * checks by it ({@code docs/recrawl.md}). Before version 2 the same facts travelled as {@code
 * details} entries ({@code seedStatus}, {@code seedSha256}, {@code seedUrl}, {@code seedError},
 * ...): {@link #toDetails()} writes them (writers keep them for one version) and {@link
 * #fromDetails} reads them back from an older writer's outcome.
 *
 * <p>Reading the typed field is as lenient as reading the details: an {@code httpStatus} that is
 * not a number from 100 to 999 reads as absent, a missing or unknown {@code status} or second-look
 * {@code result} as {@code OTHER}, and a {@code seed} that cannot be read at all (on an {@link
 * Outcome}) as no typed seed, so {@link Outcome#seedResult()} falls back to the details. A newer or
 * buggy writer cannot make a whole outcome unreadable, and cost the sink a recrawl check, through
 * this field.
 *
 * @param status whether the seed's page was fetched
 * @param httpStatus the HTTP status the server answered, or {@code null} when there was none
 * @param sha256 SHA-256 (hex) of the seed page's body as received, when {@link Status#FETCHED}
 * @param url the seed page's final URL (after redirects), when {@link Status#FETCHED}
 * @param error why the seed failed, when {@link Status#FAILED}
 * @param secondLook the recrawl's second look under a browser's User-Agent, or {@code null}
 */
public record SeedResult(
    Status status,
    Integer httpStatus,
    String sha256,
    String url,
    String error,
    SecondLook secondLook) {

  /** Whether the seed's page was fetched. */
  public enum Status {
    /** A page came back ({@code httpStatus}, {@code sha256}, {@code url}). */
    FETCHED,
    /** No page: {@code error}, and {@code httpStatus} when the server answered with an error. */
    FAILED,
    /** A value this reader does not know (a newer writer). */
    @JsonEnumDefaultValue
    OTHER
  }

  /**
   * The second look of a recrawl check whose seed looked gone (docs/politeness.md).
   *
   * @param userAgent the browser User-Agent used
   * @param result what the second look found
   * @param firstHttpStatus for {@link Result#HIDDEN_FROM_CRAWLER}: the status the crawler's own
   *     look got, or {@code null}
   * @param firstError for {@link Result#HIDDEN_FROM_CRAWLER}: the crawler's own error, or {@code
   *     null}
   * @param httpStatus for {@link Result#GONE_CONFIRMED}: the status the browser got, or {@code
   *     null}
   * @param error for {@link Result#GONE_CONFIRMED}: the browser's error, or {@code null}
   */
  public record SecondLook(
      String userAgent,
      Result result,
      Integer firstHttpStatus,
      String firstError,
      Integer httpStatus,
      String error) {
    /** What a second look found. */
    public enum Result {
      /** The browser got a page: the seed facts are the browser's, {@code first*} the crawler's. */
      HIDDEN_FROM_CRAWLER,
      /** The browser failed too: the seed facts stay the crawler's. */
      GONE_CONFIRMED,
      /** A value this reader does not know (a newer writer). */
      @JsonEnumDefaultValue
      OTHER
    }

    public SecondLook {
      userAgent = userAgent == null ? "" : userAgent;
      Objects.requireNonNull(result, "result");
    }

    /** How JSON is read: a missing result is {@code OTHER}, a status out of range absent. */
    @JsonCreator
    static SecondLook read(
        @JsonProperty("userAgent") String userAgent,
        @JsonProperty("result") Result result,
        @JsonProperty("firstHttpStatus") Object firstHttpStatus,
        @JsonProperty("firstError") String firstError,
        @JsonProperty("httpStatus") Object httpStatus,
        @JsonProperty("error") String error) {
      return new SecondLook(
          userAgent,
          result == null ? Result.OTHER : result,
          lenientStatus(firstHttpStatus),
          firstError,
          lenientStatus(httpStatus),
          error);
    }

    public static SecondLook hiddenFromCrawler(
        String userAgent, Integer firstHttpStatus, String firstError) {
      return new SecondLook(
          userAgent, Result.HIDDEN_FROM_CRAWLER, firstHttpStatus, firstError, null, null);
    }

    public static SecondLook goneConfirmed(String userAgent, Integer httpStatus, String error) {
      return new SecondLook(userAgent, Result.GONE_CONFIRMED, null, null, httpStatus, error);
    }
  }

  public SeedResult {
    Objects.requireNonNull(status, "status");
    if (httpStatus != null && (httpStatus < 100 || httpStatus > 999)) {
      throw new IllegalArgumentException("httpStatus out of range: " + httpStatus);
    }
  }

  /**
   * How JSON is read: a missing status is {@code OTHER}, an {@code httpStatus} that is not a number
   * from 100 to 999 absent (as {@link #fromDetails} reads {@code seedStatus}).
   */
  @JsonCreator
  static SeedResult read(
      @JsonProperty("status") Status status,
      @JsonProperty("httpStatus") Object httpStatus,
      @JsonProperty("sha256") String sha256,
      @JsonProperty("url") String url,
      @JsonProperty("error") String error,
      @JsonProperty("secondLook") SecondLook secondLook) {
    return new SeedResult(
        status == null ? Status.OTHER : status,
        lenientStatus(httpStatus),
        sha256,
        url,
        error,
        secondLook);
  }

  /**
   * Reads {@link Outcome#seed()}: a seed that cannot be read at all (not an object, a field of the
   * wrong shape) is {@code null}, so the rest of the outcome is still read and {@link
   * Outcome#seedResult()} falls back to the version-1 details.
   */
  static final class Lenient extends StdDeserializer<SeedResult> {
    Lenient() {
      super(SeedResult.class);
    }

    @Override
    public SeedResult deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonNode node = p.readValueAsTree();
      if (node == null || !node.isObject()) {
        return null;
      }
      try {
        return ctxt.readTreeAsValue(node, SeedResult.class);
      } catch (IOException | RuntimeException e) {
        return null;
      }
    }
  }

  /** A fetched seed page. */
  public static SeedResult fetched(int httpStatus, String sha256, String url) {
    return new SeedResult(Status.FETCHED, httpStatus, sha256, url, null, null);
  }

  /** A failed seed; {@code httpStatus} when the server answered with an error, else null. */
  public static SeedResult failed(String error, Integer httpStatus) {
    return new SeedResult(Status.FAILED, httpStatus, null, null, error == null ? "" : error, null);
  }

  /** This result with a second look. */
  public SeedResult withSecondLook(SecondLook look) {
    return new SeedResult(status, httpStatus, sha256, url, error, look);
  }

  public Optional<Integer> http() {
    return Optional.ofNullable(httpStatus);
  }

  // --- the version-1 details entries ---

  static final String STATUS = "seedStatus";
  static final String SHA256 = "seedSha256";
  static final String URL = "seedUrl";
  static final String ERROR = "seedError";
  static final String CONFIRM_USER_AGENT = "confirmUserAgent";
  static final String FIRST_STATUS = "firstSeedStatus";
  static final String FIRST_ERROR = "firstSeedError";
  static final String HIDDEN = "seedHiddenFromCrawler";
  static final String CONFIRM_STATUS = "confirmStatus";
  static final String CONFIRM_ERROR = "confirmError";
  static final String GONE_CONFIRMED = "seedGoneConfirmed";

  /**
   * The version-1 {@code details} entries of this result, exactly as crawlers wrote them before the
   * typed field: {@code seedStatus}, {@code seedSha256}, {@code seedUrl} or {@code seedError} (with
   * {@code seedStatus} when the server answered), and the second look's entries.
   */
  public Map<String, String> toDetails() {
    Map<String, String> d = new LinkedHashMap<>();
    if (status == Status.FETCHED) {
      putIfPresent(d, STATUS, httpStatus);
      putIfPresent(d, SHA256, sha256);
      putIfPresent(d, URL, url);
    } else if (status == Status.FAILED) {
      d.put(ERROR, error == null ? "" : error);
      putIfPresent(d, STATUS, httpStatus);
    }
    if (secondLook != null) {
      d.put(CONFIRM_USER_AGENT, secondLook.userAgent());
      if (secondLook.result() == SecondLook.Result.HIDDEN_FROM_CRAWLER) {
        putIfPresent(d, FIRST_STATUS, secondLook.firstHttpStatus());
        putIfPresent(d, FIRST_ERROR, secondLook.firstError());
        d.put(HIDDEN, "true");
      } else if (secondLook.result() == SecondLook.Result.GONE_CONFIRMED) {
        putIfPresent(d, CONFIRM_STATUS, secondLook.httpStatus());
        putIfPresent(d, CONFIRM_ERROR, secondLook.error());
        d.put(GONE_CONFIRMED, "true");
      }
    }
    return d;
  }

  /**
   * Reads the version-1 entries back: empty when {@code details} has neither {@code seedStatus} nor
   * {@code seedError}. A status that is not a number from 100 to 999 reads as absent.
   */
  public static Optional<SeedResult> fromDetails(Map<String, String> details) {
    if (details == null) {
      return Optional.empty();
    }
    Integer status = parseStatus(details.get(STATUS));
    SeedResult seed;
    if (details.containsKey(ERROR)) {
      seed = failed(details.get(ERROR), status);
    } else if (details.containsKey(STATUS)) {
      seed =
          new SeedResult(
              Status.FETCHED,
              status,
              blankToNull(details.get(SHA256)),
              blankToNull(details.get(URL)),
              null,
              null);
    } else {
      return Optional.empty();
    }
    String agent = details.get(CONFIRM_USER_AGENT);
    if ("true".equals(details.get(HIDDEN))) {
      seed =
          seed.withSecondLook(
              SecondLook.hiddenFromCrawler(
                  agent, parseStatus(details.get(FIRST_STATUS)), details.get(FIRST_ERROR)));
    } else if ("true".equals(details.get(GONE_CONFIRMED))) {
      seed =
          seed.withSecondLook(
              SecondLook.goneConfirmed(
                  agent, parseStatus(details.get(CONFIRM_STATUS)), details.get(CONFIRM_ERROR)));
    }
    return Optional.of(seed);
  }

  private static void putIfPresent(Map<String, String> d, String key, Object value) {
    if (value != null) {
      d.put(key, value.toString());
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** A status as JSON gave it (a number, a string, anything): the number if 100 to 999. */
  private static Integer lenientStatus(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      long s = ((Number) value).longValue();
      return s >= 100 && s <= 999 ? (int) s : null;
    }
    return value instanceof String text ? parseStatus(text) : null;
  }

  private static Integer parseStatus(String text) {
    if (text == null) {
      return null;
    }
    try {
      int s = Integer.parseInt(text.strip());
      return s >= 100 && s <= 999 ? s : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
