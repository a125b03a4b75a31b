package org.sitewatch.events;

/**
 * Why a verdict names a conduct: one piece of evidence behind it, so that an analyst sees which
 * price, payment method, player or contact handle made the classifier say e.g. {@code for-profit},
 * and on which page.
 *
 * @param conduct the conduct this supports: {@code for-profit}, {@code without-profit}, {@code
 *     showing-audio-video} or {@code solicitation}
 * @param signal what kind of evidence it is, a short stable id such as {@code membership-price},
 *     {@code payment-method}, {@code payment-account}, {@code rate}, {@code video-player} or the id
 *     of the lexicon rule that matched
 * @param snippet the evidence as it appears on the page (bounded, may be empty)
 * @param url the page it was found on (may be empty)
 */
public record ConductReason(String conduct, String signal, String snippet, String url) {
  public ConductReason {
    Checks.text(conduct, "conduct");
    Checks.text(signal, "signal");
    snippet = snippet == null ? "" : snippet;
    url = url == null ? "" : url;
  }
}
