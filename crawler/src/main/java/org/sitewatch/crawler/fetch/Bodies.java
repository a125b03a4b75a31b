package org.sitewatch.crawler.fetch;

/**
 * Decodes response bodies to text exactly as the crawler does, for tools that read pages outside a
 * crawl (the command line's offline {@code classify}).
 */
public final class Bodies {
  private Bodies() {}

  /**
   * Decodes an HTML body the way the crawler does: a byte-order mark wins, then the {@code charset}
   * of the Content-Type header, then a {@code <meta>} declaration in the first 4 KiB, then UTF-8 if
   * the bytes are valid UTF-8, else ICU's detection (GB18030, Big5, Shift_JIS, ...), else GB18030.
   * Labels follow the WHATWG Encoding standard, so {@code gb2312} decodes as GBK and {@code big5}
   * as Big5-HKSCS.
   *
   * @param body the raw body bytes (after HTTP content decoding)
   * @param contentTypeHeaderOrNull the Content-Type header value, e.g. {@code text/html;
   *     charset=GBK}, or {@code null} when there is none (a file)
   */
  public static String decode(byte[] body, String contentTypeHeaderOrNull) {
    return BodyDecoder.decodeHtml(body == null ? new byte[0] : body, contentTypeHeaderOrNull)
        .text();
  }
}
