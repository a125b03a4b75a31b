package org.sitewatch.events;

import java.util.Map;

/**
 * An identifier found on a page that can tie a site to its operator, its money or its location: a
 * filing number, a contact handle, a payment account, a tracking ID.
 *
 * @param type what it is, e.g. {@code icp}, {@code psb} (public-security filing), {@code qq},
 *     {@code wechat}, {@code phone}, {@code telegram}, {@code email}, {@code payment}, {@code
 *     google-analytics}, {@code google-tag-manager}, {@code baidu-tongji}, {@code cnzz}
 * @param value the normalised value (e.g. {@code 京ICP备12345678号-1}, {@code 12345678})
 * @param snippet the text around it on the page
 * @param url the page it was found on
 * @param attributes derived facts as text, e.g. {@code province=北京}, {@code areaCode=110105},
 *     {@code consistent=false}
 */
public record Identifier(
    String type, String value, String snippet, String url, Map<String, String> attributes) {
  public Identifier {
    Checks.text(type, "type");
    Checks.text(value, "value");
    snippet = snippet == null ? "" : snippet;
    url = url == null ? "" : url;
    attributes = Checks.map(attributes);
  }
}
