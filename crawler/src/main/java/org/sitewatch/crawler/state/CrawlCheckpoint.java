package org.sitewatch.crawler.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.sitewatch.common.digest.Sha256;
import org.sitewatch.crawler.output.Bounded;
import org.sitewatch.events.CrawlRequest;

/**
 * The state of one site crawl as published to the crawl-state topic (docs/crawl-state.md): which
 * request it belongs to, what was already fetched and what is still to fetch. A worker that takes
 * the request's partition over resumes from it.
 *
 * @param site the request's site (also the record key)
 * @param requestUrl the request's URL
 * @param requestedAt the request's {@code requestedAt}
 * @param partition partition of the request record in the crawl-requests topic
 * @param offset offset of the request record
 * @param done whether the crawl ended and its {@code SITE_CRAWLED} outcome is durable: a redelivery
 *     of the request is then only committed
 * @param startedAt when the first worker started the crawl
 * @param writtenAt when this checkpoint was taken
 * @param pages pages published so far
 * @param failures URL-level failures published so far
 * @param bytes body bytes of the published pages
 * @param fetched 64-bit hashes ({@link #hash}) of every URL whose fetch ended and was reported,
 *     sorted, no duplicates
 * @param pending URLs discovered but not fetched yet (the one in flight included), in discovery
 *     order; empty when {@code done}
 * @param source the request's source, or {@code null} for a record written before it was kept;
 *     {@code LINK} marks a crawl of the discoveries lane, which writes only its {@code done} record
 */
public record CrawlCheckpoint(
    String site,
    String requestUrl,
    Instant requestedAt,
    int partition,
    long offset,
    boolean done,
    Instant startedAt,
    Instant writtenAt,
    int pages,
    int failures,
    long bytes,
    long[] fetched,
    List<Pending> pending,
    CrawlRequest.Source source) {

  /** A URL still to fetch and its link depth from the seed. */
  public record Pending(String url, int depth) {
    public Pending {
      Objects.requireNonNull(url, "url");
      if (depth < 0) {
        throw new IllegalArgumentException("depth must not be negative, got " + depth);
      }
    }
  }

  public CrawlCheckpoint {
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(requestUrl, "requestUrl");
    Objects.requireNonNull(requestedAt, "requestedAt");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(writtenAt, "writtenAt");
    if (partition < 0 || offset < 0) {
      throw new IllegalArgumentException(
          "partition and offset must not be negative, got " + partition + "@" + offset);
    }
    if (pages < 0 || failures < 0 || bytes < 0) {
      throw new IllegalArgumentException("counters must not be negative");
    }
    fetched =
        Arrays.stream(Objects.requireNonNull(fetched, "fetched")).sorted().distinct().toArray();
    pending = List.copyOf(Objects.requireNonNull(pending, "pending"));
  }

  /** A checkpoint whose request source is not known (as written before version 2 of the record). */
  public CrawlCheckpoint(
      String site,
      String requestUrl,
      Instant requestedAt,
      int partition,
      long offset,
      boolean done,
      Instant startedAt,
      Instant writtenAt,
      int pages,
      int failures,
      long bytes,
      long[] fetched,
      List<Pending> pending) {
    this(
        site,
        requestUrl,
        requestedAt,
        partition,
        offset,
        done,
        startedAt,
        writtenAt,
        pages,
        failures,
        bytes,
        fetched,
        pending,
        null);
  }

  /**
   * Whether this is the state of a crawl of a discovered link: it was read from the discoveries
   * lane, whose offsets live under another group than the request topic's.
   */
  public boolean discovery() {
    return source == CrawlRequest.Source.LINK;
  }

  /**
   * Whether this checkpoint was written for {@code request} read at {@code partition@offset}. The
   * source tells a discovery (discoveries lane) from a seed (request topic) at the same position.
   */
  public boolean belongsTo(CrawlRequest request, int partition, long offset) {
    return this.partition == partition
        && this.offset == offset
        && (source == null || source == request.source())
        && site.equals(request.site())
        && requestUrl.equals(urlKey(request.url()))
        && requestedAt.equals(request.requestedAt());
  }

  /**
   * How a checkpoint names its request's URL: the URL itself, or for one longer than {@link
   * Bounded#URL} (a request refused by the trap limits) {@code sha256:} and the hex digest of the
   * whole URL, so a checkpoint record stays small whatever URL a request carries.
   */
  static String urlKey(String url) {
    if (url.length() <= Bounded.URL) {
      return url;
    }
    return "sha256:" + Sha256.hex(url.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether the URL with this {@link #hash} was fetched. */
  boolean wasFetched(long hash) {
    return Arrays.binarySearch(fetched, hash) >= 0;
  }

  /** URL-level work done: every fetched URL counts against the page budget. */
  int fetchedCount() {
    return fetched.length;
  }

  /** The first 64 bits of the SHA-256 of the URL's UTF-8 bytes. */
  public static long hash(String url) {
    return Sha256.first64Bits(url);
  }

  /** The hashes as big-endian 8-byte groups, base64: 50 URLs take 536 characters. */
  static String encodeHashes(long[] hashes) {
    ByteBuffer buffer = ByteBuffer.allocate(hashes.length * Long.BYTES);
    for (long h : hashes) {
      buffer.putLong(h);
    }
    return Base64.getEncoder().encodeToString(buffer.array());
  }

  static long[] decodeHashes(String text) {
    byte[] bytes = Base64.getDecoder().decode(text);
    if (bytes.length % Long.BYTES != 0) {
      throw new IllegalArgumentException(
          "fetched hashes must be a multiple of 8 bytes, got " + bytes.length);
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    long[] hashes = new long[bytes.length / Long.BYTES];
    for (int i = 0; i < hashes.length; i++) {
      hashes[i] = buffer.getLong();
    }
    return hashes;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CrawlCheckpoint c
        && site.equals(c.site)
        && requestUrl.equals(c.requestUrl)
        && requestedAt.equals(c.requestedAt)
        && partition == c.partition
        && offset == c.offset
        && done == c.done
        && startedAt.equals(c.startedAt)
        && writtenAt.equals(c.writtenAt)
        && pages == c.pages
        && failures == c.failures
        && bytes == c.bytes
        && Arrays.equals(fetched, c.fetched)
        && pending.equals(c.pending)
        && source == c.source;
  }

  @Override
  public int hashCode() {
    return Objects.hash(site, requestUrl, requestedAt, partition, offset, Arrays.hashCode(fetched));
  }

  @Override
  public String toString() {
    return "CrawlCheckpoint["
        + site
        + " "
        + partition
        + "@"
        + offset
        + (done ? " done" : "")
        + ", "
        + fetched.length
        + " fetched, "
        + pending.size()
        + " pending, "
        + pages
        + " pages]";
  }
}
