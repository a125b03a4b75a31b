package org.sitewatch.events;

/**
 * Something notable about a site that is not a score signal, e.g. links hidden in an otherwise
 * ordinary page ({@code injected-links}: the site is a likely victim, the link targets are the
 * suspects) or a filing number whose province and area code disagree ({@code forged-filing}).
 *
 * @param kind what was found
 * @param detail a human-readable explanation
 * @param snippet the evidence as it appears on the page
 * @param url the page it was found on
 */
public record Finding(String kind, String detail, String snippet, String url) {
  public Finding {
    Checks.text(kind, "kind");
    detail = detail == null ? "" : detail;
    snippet = snippet == null ? "" : snippet;
    url = url == null ? "" : url;
  }
}
