package org.sitewatch.classifier.signals;

import java.util.List;
import java.util.regex.Pattern;
import org.sitewatch.classifier.keywords.KeywordDetector;
import org.sitewatch.classifier.keywords.TextAnalysis;
import org.sitewatch.classifier.page.Category;
import org.sitewatch.classifier.page.PageText;
import org.sitewatch.classifier.page.RawHit;
import org.sitewatch.classifier.page.SignalDetector;

/**
 * Paid access in the page's wording beyond single keywords: QR-code payment ({@code 支付宝} or {@code
 * 微信支付} next to {@code 扫码}), top-ups with amounts ({@code 充值 100元}), and price lists of membership
 * tiers ({@code 月卡 30元 / 年卡 198元}). All are {@link Category#PROFIT}: ordinary shops and video
 * portals say the same, and that category's cap keeps them from flagging a page; with explicit
 * signals they make the conduct {@code for-profit}. Prices per period are in {@link
 * StructureDetector}.
 */
public final class PaymentDetector implements SignalDetector {
  static final double QR_PAYMENT_WEIGHT = 0.6;
  static final double TOP_UP_WEIGHT = 0.6;
  static final double TIERS_WEIGHT = 0.5;

  /** Tier prices needed for a price list rather than one offer. */
  static final int MIN_TIERS = 2;

  static final Pattern QR_PAYMENT =
      Pattern.compile(
          "(?i)(?:扫码|扫一扫|二维码|qr\\s?code)[^\\n]{0,20}?(?:支付宝|微信支付|微信|alipay|wechat\\s?pay|付款|支付|充值)"
              + "|(?:支付宝|微信支付|alipay|wechat\\s?pay)[^\\n]{0,20}?(?:扫码|扫一扫|二维码|qr\\s?code)");
  static final Pattern TOP_UP =
      Pattern.compile(
          "(?i)(?:充值|储值|top[- ]?up|recharge)[^\\n]{0,15}?"
              + "(?:[¥￥$]\\s?\\d++|(?<!\\d)\\d++(?:\\.\\d{1,2})?\\s?(?:元|块|金币|钻石|积分|usdt|rmb))"
              + "|(?<!\\d)\\d++\\s?元\\s?(?:充值|储值)");
  static final Pattern TIER =
      Pattern.compile(
          "(?i)(?:周卡|月卡|季卡|半年卡|年卡|永久会员|终身会员|包月|包季|包年|monthly|yearly|annual|lifetime)"
              + "\\s*+(?:会员|vip|plan|membership|pass)?+\\s*+[:：]?+\\s*+"
              + "(?:[¥￥$]\\s?\\d++|\\d++(?:\\.\\d{1,2})?\\s?(?:元|rmb|usd))");

  static final String[][] ANCHOR_GROUPS = {
    {"扫码", "扫一扫", "二维码", "QR", "qr", "Qr"},
    {
      "充值",
      "储值",
      "top-up",
      "Top-up",
      "top up",
      "Top up",
      "topup",
      "Topup",
      "TOP-UP",
      "TOP UP",
      "recharge",
      "Recharge",
      "RECHARGE"
    },
    {
      "周卡",
      "月卡",
      "季卡",
      "半年卡",
      "年卡",
      "永久会员",
      "终身会员",
      "包月",
      "包季",
      "包年",
      "monthly",
      "Monthly",
      "MONTHLY",
      "yearly",
      "Yearly",
      "YEARLY",
      "annual",
      "Annual",
      "ANNUAL",
      "lifetime",
      "Lifetime",
      "LIFETIME"
    }
  };

  @Override
  public void detect(PageText page, List<RawHit> hits) {
    String text = page.text();
    if (text.isEmpty()) {
      return;
    }
    int[][] at = page.anchors(PageAnchors.PAYMENT);
    StructureDetector.nearHit(
        "structure.qr-payment",
        Category.PROFIT,
        QR_PAYMENT_WEIGHT,
        QR_PAYMENT,
        text,
        at[0],
        30,
        30,
        hits);
    StructureDetector.nearHit(
        "structure.top-up-amount",
        Category.PROFIT,
        TOP_UP_WEIGHT,
        TOP_UP,
        text,
        at[1],
        12,
        30,
        hits);
    TextScan.Found tiers = TextScan.near(TIER, text, at[2], 2, 30, 100);
    if (tiers.count() >= MIN_TIERS) {
      hits.add(
          new RawHit(
              "structure.membership-tiers",
              Category.PROFIT,
              TIERS_WEIGHT,
              tiers.count(),
              TextAnalysis.snippet(
                  text, tiers.start(), tiers.end(), KeywordDetector.SNIPPET_CONTEXT)));
    }
  }
}
