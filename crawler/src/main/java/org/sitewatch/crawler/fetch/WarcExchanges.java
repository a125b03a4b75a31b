package org.sitewatch.crawler.fetch;

import edu.uci.ics.crawler4j.url.WebURL;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.ProtocolVersion;
import org.sitewatch.crawler.warc.WarcExchange;

/**
 * What the WARC records of one exchange hold: the request head as sent, the response head (a {@code
 * Transfer-Encoding} renamed, since the stored body is de-chunked), the raw body, and the metadata
 * record's fields (site, seed, depth, hop path, redirect chain, policy and notes).
 */
final class WarcExchanges {
  private WarcExchanges() {}

  /** The request line and headers as sent, for the WARC request record. */
  static byte[] head(HttpRequest request) {
    StringBuilder text = new StringBuilder();
    ProtocolVersion version = request.getVersion();
    text.append(request.getMethod())
        .append(' ')
        .append(request.getRequestUri())
        .append(' ')
        .append(version == null ? "HTTP/1.1" : version.format())
        .append("\r\n");
    for (Header h : request.getHeaders()) {
      text.append(h.getName()).append(": ").append(h.getValue()).append("\r\n");
    }
    return text.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * The WARC exchange of one response.
   *
   * @param requestHead the request head as sent ({@link #head}), or {@code null}
   * @param notes the response's notes (truncation, decoding), as {@code note-*} metadata
   * @param crawlNotes the crawl's policy notes, as {@code policy-*} metadata
   */
  static WarcExchange of(
      WebURL webUrl,
      ClassicHttpResponse response,
      Object requestHead,
      Instant receivedAt,
      String ip,
      RawBody raw,
      Map<String, String> notes,
      String site,
      String seed,
      HopTracker hops,
      Map<String, String> crawlNotes) {
    String url = webUrl.getURL();
    byte[] requestBytes =
        requestHead instanceof byte[] b
            ? b
            : ("GET " + url + " HTTP/1.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    StringBuilder head = new StringBuilder();
    ProtocolVersion version = response.getVersion();
    head.append(version == null ? "HTTP/1.1" : version.format())
        .append(' ')
        .append(response.getCode());
    if (response.getReasonPhrase() != null) {
      head.append(' ').append(response.getReasonPhrase());
    }
    head.append("\r\n");
    for (Header h : response.getHeaders()) {
      String name = h.getName();
      // the stored body is de-chunked: a reader must not try to de-chunk it again
      if (name.equalsIgnoreCase("Transfer-Encoding")) {
        name = "X-Crawler-Transfer-Encoding";
      }
      String value = h.getValue() == null ? "" : h.getValue();
      head.append(name).append(": ").append(value).append("\r\n");
    }
    head.append("\r\n");
    Map<String, List<String>> metadata = new LinkedHashMap<>();
    metadata.put("site", List.of(site));
    metadata.put("seed", List.of(seed));
    metadata.put("depth", List.of(Integer.toString(Math.max(0, webUrl.getDepth()))));
    if (webUrl.getParentUrl() != null) {
      metadata.put("via", List.of(webUrl.getParentUrl()));
    }
    metadata.put("hop", hops.pathTo(url));
    List<String> chain = hops.redirectChain(url);
    if (!chain.isEmpty()) {
      metadata.put("redirected-from", chain);
    }
    crawlNotes.forEach((k, v) -> metadata.put("policy-" + k, List.of(v)));
    notes.forEach((k, v) -> metadata.put("note-" + k, List.of(v)));
    return new WarcExchange(
        URI.create(url),
        receivedAt,
        ip,
        requestBytes,
        head.toString().getBytes(StandardCharsets.ISO_8859_1),
        raw.bytes(),
        raw.truncated(),
        metadata);
  }
}
