package org.sitewatch.sink.lead;

import java.util.Set;

/**
 * Which identifier types tie sites to one operator.
 *
 * <p><b>Strong</b>: things an operator has to own and that others cannot use for free: contact
 * handles ({@code qq}, {@code wechat}, {@code telegram}, {@code phone}, {@code email}), payment
 * accounts ({@code payment}), analytics and tag-manager accounts ({@code google-analytics}, {@code
 * google-tag-manager}, {@code baidu-tongji}, {@code cnzz}) and filing numbers ({@code icp}, {@code
 * psb}). Two leads sharing one are linked into an operation and can make a repeat offender. Filing
 * numbers are copied from legitimate sites (finding {@code forged-filing}); a copied one is what
 * the ignore list is for.
 *
 * <p><b>Weak</b>: everything else, notably {@code server-ip}: shared hosting and CDNs put thousands
 * of unrelated sites behind one address. Weak identifiers are kept and shown (jurisdiction uses the
 * server address) but link nothing. Unknown types are weak, so a new extractor type links nothing
 * until it is listed here.
 */
public final class IdentifierStrength {
  /** The strong identifier types. */
  public static final Set<String> STRONG_TYPES =
      Set.of(
          "icp",
          "psb",
          "qq",
          "wechat",
          "telegram",
          "phone",
          "email",
          "payment",
          "google-analytics",
          "google-tag-manager",
          "baidu-tongji",
          "cnzz");

  /**
   * The pseudo-type under which a page's text SimHash (16 hex digits) can be put on the ignore list
   * (e.g. a template shared by unrelated sites); it is never an identifier of a lead.
   */
  public static final String TEXT_SIMHASH = "text-simhash";

  private IdentifierStrength() {}

  /** Whether identifiers of {@code type} link leads. */
  public static boolean isStrong(String type) {
    return STRONG_TYPES.contains(type);
  }
}
