package org.sitewatch.crawler.fetch;

import edu.uci.ics.crawler4j.parser.ParseData;
import edu.uci.ics.crawler4j.url.WebURL;
import java.util.List;
import java.util.Set;

/**
 * What {@link PageParser} learned from a response, handed through crawler4j to {@link
 * WebCrawlerAdapter#visit}: media type, charset, decoded text (empty for non-HTML), absolute links,
 * and the same links as crawler4j URLs for its frontier.
 */
public final class DecodedPage implements ParseData {
  public final String mediaType;
  public final String charset;
  public final String text;
  public final List<String> links;
  private Set<WebURL> outgoing;

  public DecodedPage(
      String mediaType, String charset, String text, List<String> links, Set<WebURL> outgoing) {
    this.mediaType = mediaType;
    this.charset = charset;
    this.text = text;
    this.links = List.copyOf(links);
    this.outgoing = outgoing;
  }

  @Override
  public Set<WebURL> getOutgoingUrls() {
    return outgoing;
  }

  @Override
  public void setOutgoingUrls(Set<WebURL> outgoingUrls) {
    this.outgoing = outgoingUrls;
  }

  @Override
  public String toString() {
    return mediaType + " " + charset + " " + text.length() + " chars, " + links.size() + " links";
  }
}
