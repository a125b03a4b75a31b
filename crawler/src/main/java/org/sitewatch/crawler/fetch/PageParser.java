package org.sitewatch.crawler.fetch;

import crawlercommons.filters.basic.BasicURLNormalizer;
import edu.uci.ics.crawler4j.crawler.CrawlConfig;
import edu.uci.ics.crawler4j.crawler.Page;
import edu.uci.ics.crawler4j.parser.HtmlParser;
import edu.uci.ics.crawler4j.parser.Parser;
import edu.uci.ics.crawler4j.url.TLDList;
import edu.uci.ics.crawler4j.url.WebURL;
import edu.uci.ics.crawler4j.url.WebURLFactory;
import java.io.IOException;
import java.nio.charset.Charset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.sitewatch.common.text.CharsetSniffer;
import org.sitewatch.common.text.ContentTypes;

/**
 * Replaces crawler4j's Tika-based parsing: bodies are decoded with {@link BodyDecoder} (so GBK and
 * Big5 pages come out right) and links are taken with jsoup. Non-HTML responses are not parsed and
 * yield no links, but still reach {@code visit()} so that they are reported as pages.
 */
public final class PageParser extends Parser {
  private final BasicURLNormalizer normalizer;
  private final TLDList tlds;
  private final WebURLFactory factory;
  private final Captures captures;

  /**
   * @param captures what the fetcher already decoded, by URL (its text is used instead of decoding
   *     the body again)
   */
  public PageParser(
      CrawlConfig config,
      BasicURLNormalizer normalizer,
      TLDList tlds,
      WebURLFactory factory,
      Captures captures)
      throws IOException {
    super(config, normalizer, new HtmlParser() {}, tlds, factory);
    this.normalizer = normalizer;
    this.tlds = tlds;
    this.factory = factory;
    this.captures = captures;
  }

  @Override
  public void parse(Page page) {
    String contentType = page.getContentType();
    String media = ContentTypes.mediaType(contentType);
    byte[] body = page.getContentData() == null ? new byte[0] : page.getContentData();
    if (!ContentTypes.isHtml(media)) {
      String charset = ContentTypes.charset(contentType).map(Charset::name).orElse(null);
      page.setParseData(new DecodedPage(media, charset, "", List.of(), new LinkedHashSet<>()));
      return;
    }
    Captures.Capture capture = captures.peek(page.getWebURL().getURL());
    CharsetSniffer.Decoded decoded =
        capture != null && capture.decoded() != null
            ? capture.decoded()
            : BodyDecoder.decodeHtml(body, contentType);
    List<String> links = Links.extract(decoded.text(), page.getWebURL().getURL());
    Set<WebURL> outgoing = new LinkedHashSet<>();
    for (String link : links) {
      String normalized = normalizer.filter(link);
      if (normalized != null) {
        WebURL url = factory.newWebUrl();
        url.setTldList(tlds);
        url.setURL(normalized);
        outgoing.add(url);
      }
    }
    page.setContentCharset(decoded.charset());
    page.setParseData(new DecodedPage(media, decoded.charset(), decoded.text(), links, outgoing));
  }
}
