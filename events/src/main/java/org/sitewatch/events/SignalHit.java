package org.sitewatch.events;

/**
 * One signal that fired, with the evidence for it.
 *
 * @param id stable signal identifier, e.g. {@code kw.zh.explicit.seqing} or {@code meta.rta}
 * @param category what the signal indicates (e.g. {@code explicit}, {@code profit}, {@code
 *     negative-context})
 * @param weight its contribution to the score (negative for exculpatory context)
 * @param count how many times it matched (before any cap)
 * @param snippet the matched text in its context, as it appears on the page
 * @param url the page it fired on
 */
public record SignalHit(
    String id, String category, double weight, int count, String snippet, String url) {
  public SignalHit {
    Checks.text(id, "id");
    Checks.text(category, "category");
    if (!Double.isFinite(weight)) {
      throw new IllegalArgumentException("weight must be finite");
    }
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0");
    }
    snippet = snippet == null ? "" : snippet;
    url = url == null ? "" : url;
  }
}
