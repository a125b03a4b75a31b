package org.sitewatch.classifier.signals;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;
import org.sitewatch.classifier.signals.IdentifierExtractor.Collector;

/**
 * QQ, WeChat, phone and Telegram handles: in the text only next to a label ({@code QQ：}, {@code
 * 微信号}, {@code 电话}; a bare 11-digit number is not reported), and in QQ and Telegram links.
 */
final class ContactHandles {
  static final Pattern QQ =
      Pattern.compile(
          "(?<![a-z])(QQ|扣扣|企鹅|Q群)\\s*+(号码|群号|号|群)?\\s*+[:：]?+\\s*+([1-9]\\d{4,10})(?!\\d)",
          Pattern.CASE_INSENSITIVE);
  static final Pattern WECHAT =
      Pattern.compile(
          "(?<![a-z])(?:微信|weixin|wechat|vx|v信|wx|威信|薇信)(\\s*+(?:号|id)?\\s*+[:：]?+\\s*+)"
              + "([a-z][-_a-z0-9]{5,19})(?![-_a-z0-9])",
          Pattern.CASE_INSENSITIVE);
  static final Pattern PHONE =
      Pattern.compile(
          "(?<![\\d+])(?:\\+?86[-\\s]?)?(1[3-9]\\d)[-\\s]?(\\d{4})[-\\s]?(\\d{4})(?!\\d)");
  static final Pattern PHONE_CONTEXT =
      Pattern.compile("(?i)(电话|手机|热线|联系|客服|咨询|微信|tel|phone|mobile|call|whatsapp|☎|📞)");
  static final Pattern TELEGRAM_LINK =
      Pattern.compile(
          "(?<![a-z0-9.])(?:t|telegram)\\.me/(?:s/)?([a-z][a-z0-9_]{4,31})(?![a-z0-9_])",
          Pattern.CASE_INSENSITIVE);
  static final Pattern TELEGRAM_HANDLE =
      Pattern.compile(
          "(?<![a-z])(?:telegram|tg|纸飞机|飞机|电报)\\s*+(?:号|群|id)?\\s*+[:：]?+\\s*+"
              + "@([a-z][a-z0-9_]{4,31})(?![a-z0-9_])",
          Pattern.CASE_INSENSITIVE);
  static final Pattern QQ_UIN = Pattern.compile("uin=([1-9]\\d{4,10})(?!\\d)");

  private ContactHandles() {}

  /** The contact handles near their labels in the (width-folded) {@code text}. */
  static void find(String text, String original, int[][] at, Collector out) {
    TextScan.forEachNear(
        QQ,
        text,
        at[IdentifierExtractor.AT_QQ],
        1,
        30,
        m -> {
          Map<String, String> attributes =
              m.group(1).contains("群") || (m.group(2) != null && m.group(2).contains("群"))
                  ? Map.of("group", "true")
                  : Map.of();
          out.add("qq", m.group(3), IdentifierExtractor.snip(original, m), attributes);
        });
    TextScan.forEachNear(
        WECHAT,
        text,
        at[IdentifierExtractor.AT_WECHAT],
        0,
        40,
        w -> {
          String separator = w.group(1);
          String id = w.group(2);
          boolean labelled =
              separator.contains(":")
                  || separator.contains("：")
                  || separator.contains("号")
                  || separator.toLowerCase(Locale.ROOT).contains("id");
          // without a label, an ID must look like one: ordinary words ("WeChat Official") do not
          if (labelled || id.chars().anyMatch(c -> Character.isDigit(c) || c == '_' || c == '-')) {
            out.add(
                "wechat",
                id.toLowerCase(Locale.ROOT),
                IdentifierExtractor.snip(original, w),
                Map.of());
          }
        });
    // a number counts as a phone only shortly after a word such as 电话 or "phone"
    TextScan.forEachNear(
        PHONE,
        text,
        at[IdentifierExtractor.AT_PHONE],
        0,
        45,
        p ->
            out.add(
                "phone",
                p.group(1) + p.group(2) + p.group(3),
                IdentifierExtractor.snip(original, p),
                Map.of("country", "CN")));
    TextScan.forEachNear(
        TELEGRAM_LINK,
        text,
        at[IdentifierExtractor.AT_TELEGRAM_LINK],
        10,
        40,
        t -> telegram(t.group(1), IdentifierExtractor.snip(original, t), out));
    TextScan.forEachNear(
        TELEGRAM_HANDLE,
        text,
        at[IdentifierExtractor.AT_TELEGRAM],
        1,
        45,
        t -> telegram(t.group(1), IdentifierExtractor.snip(original, t), out));
  }

  private static void telegram(String handle, String snippet, Collector out) {
    String h = handle.toLowerCase(Locale.ROOT);
    if (!h.equals("joinchat") && !h.equals("share")) {
      out.add("telegram", "@" + h, snippet, Map.of());
    }
  }

  /** A QQ or Telegram handle in {@code href}, the {@code href} of link {@code a} (null: none). */
  static void link(Element a, String href, Collector out) {
    if (href == null || href.isEmpty()) {
      return;
    }
    if (TextScan.containsAny(href, ".me/", ".ME/", ".Me/")) {
      Matcher t = TELEGRAM_LINK.matcher(href);
      if (t.find()) {
        telegram(t.group(1), IdentifierExtractor.clip(a.outerHtml()), out);
      }
    } else if (href.regionMatches(true, 0, "tencent://", 0, 10) || href.contains("wpa.qq.com")) {
      Matcher q = QQ_UIN.matcher(href);
      if (q.find()) {
        out.add("qq", q.group(1), IdentifierExtractor.clip(a.outerHtml()), Map.of());
      }
    }
  }
}
