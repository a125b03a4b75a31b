package org.sitewatch.crawler.fetch;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.sitewatch.common.text.CharsetSniffer;
import org.sitewatch.events.WarcRef;

/**
 * What the fetcher learned about each exchange of one site crawl, handed to the parser and to
 * {@link SiteCrawl#onPage} by URL (crawler4j's {@code Page} has no room for it).
 */
public final class Captures {
  /**
   * One exchange.
   *
   * @param warc where its records are, or {@code null} (capture off, or writing failed)
   * @param warcError why writing failed, or {@code null}
   * @param truncated whether the body was cut (raw size cap, decompression cap, deadline)
   * @param serverIp the address connected to, or {@code null}
   * @param decoded the HTML body decoded to text, or {@code null} for non-HTML
   * @param notes what happened to the body: {@code truncated}, {@code decompression-capped}, {@code
   *     charset-mismatch}, {@code not-parsed} ...
   * @param bodySha256 lower-case hex SHA-256 of the body as received: transfer coding removed,
   *     content coding (gzip, br ...) still applied, cut where reading stopped. These are the bytes
   *     the WARC response record holds as its payload, so this is its {@code WARC-Payload-Digest}
   * @param bodyLength how many bytes that body has
   */
  public record Capture(
      WarcRef warc,
      String warcError,
      boolean truncated,
      String serverIp,
      CharsetSniffer.Decoded decoded,
      Map<String, String> notes,
      String bodySha256,
      int bodyLength) {
    public Capture {
      notes = Map.copyOf(notes);
      Objects.requireNonNull(bodySha256, "bodySha256");
    }
  }

  private final Map<String, Capture> byUrl = new ConcurrentHashMap<>();

  void put(String url, Capture capture) {
    byUrl.put(url, capture);
  }

  Capture peek(String url) {
    return byUrl.get(url);
  }

  /** The capture of {@code url}, removed. */
  public Capture take(String url) {
    return byUrl.remove(url);
  }
}
