package org.sitewatch.classifier.signals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import org.jsoup.nodes.Element;
import org.sitewatch.classifier.keywords.KeywordDetector;
import org.sitewatch.classifier.keywords.TextAnalysis;
import org.sitewatch.classifier.page.Category;
import org.sitewatch.classifier.page.DomScan;
import org.sitewatch.classifier.page.PageText;
import org.sitewatch.classifier.page.RawHit;
import org.sitewatch.events.Finding;
import org.sitewatch.events.Identifier;

/**
 * Pulls identifiers that tie a site to an operator, a place or an account out of a page: ICP and
 * public-security filing numbers (with the province check), QQ, WeChat, phone and Telegram handles,
 * payment accounts (Alipay, USDT-TRC20 and Bitcoin addresses with their checksums), and analytics
 * IDs (Google, Baidu Tongji, CNZZ) from the page's scripts.
 *
 * <p>Each kind has its own class: {@link FilingNumbers}, {@link ContactHandles}, {@link
 * PaymentAccounts}, {@link AnalyticsIds}; this one finds their anchors and walks the document once.
 *
 * <p>Identifiers explain and link; they do not score, with one exception kept small on purpose: a
 * payment account on a page is a {@link Category#PROFIT} signal ({@link #PAYMENT_WEIGHT}), since
 * profit evidence is capped and cannot flag a page on its own.
 *
 * <p>Contact handles need a label next to them ({@code QQ：}, {@code 微信号}, {@code 电话}); a bare
 * 11-digit number is not reported. Text is matched on a copy with full-width letters and digits
 * folded to half-width, of the same length, so snippets come from the original text.
 */
public final class IdentifierExtractor {
  static final double PAYMENT_WEIGHT = 0.4;

  /** At most this many identifiers per page. */
  public static final int MAX_PER_PAGE = 50;

  static final int SNIPPET_CONTEXT = KeywordDetector.SNIPPET_CONTEXT;

  /** Script text beyond this is not searched for analytics IDs. */
  private static final int MAX_SCRIPT_CHARS = 500_000;

  /** What one page yields: identifiers, and findings about them (forged filings). */
  public record Extraction(List<Identifier> identifiers, List<Finding> findings) {
    public static final Extraction NONE = new Extraction(List.of(), List.of());

    public Extraction {
      identifiers = List.copyOf(identifiers);
      findings = List.copyOf(findings);
    }
  }

  /** Collects identifiers of one page, deduplicated by (type, value), first occurrence kept. */
  static final class Collector {
    final String url;
    final Map<String, Identifier> found = new LinkedHashMap<>();

    Collector(String url) {
      this.url = url;
    }

    List<Identifier> identifiers() {
      return List.copyOf(found.values());
    }

    void add(String type, String value, String snippet, Map<String, String> attributes) {
      if (found.size() < MAX_PER_PAGE) {
        found.putIfAbsent(
            type + '\u0000' + value, new Identifier(type, value, snippet, url, attributes));
      }
    }
  }

  public Extraction extract(PageText page, String url) {
    String original = page.text();
    Collector out = new Collector(url);
    if (!original.isBlank()) {
      String text = foldWidth(original);
      // found in the page's shared scan of the original text as if in the folded one
      int[][] at = page.anchors(PageAnchors.IDENTIFIER);
      List<Identifier> filings = FilingNumbers.find(text, original, at, out);
      ContactHandles.find(text, original, at, out);
      PaymentAccounts.find(text, original, at, out);
      fromElements(page.dom(), out);
      List<Finding> findings = FilingNumbers.check(filings, url);
      return new Extraction(List.copyOf(out.found.values()), findings);
    }
    fromElements(page.dom(), out);
    return out.found.isEmpty()
        ? Extraction.NONE
        : new Extraction(List.copyOf(out.found.values()), List.of());
  }

  /**
   * The profit signal for payment accounts on the page, if any; see the class description for why
   * this is the one identifier that scores.
   */
  public static Optional<RawHit> paymentSignal(List<Identifier> identifiers) {
    List<Identifier> payments =
        identifiers.stream().filter(i -> i.type().equals("payment")).toList();
    if (payments.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new RawHit(
            "identifier.payment-account",
            Category.PROFIT,
            PAYMENT_WEIGHT,
            payments.size(),
            payments.get(0).snippet()));
  }

  // --- the anchors of every pattern, found in the page's shared scan ----------------------------

  private static final String[] ICP_ANCHORS = {"ICP", "icp", "Icp"};
  private static final String[] QQ_ANCHORS = {"QQ", "qq", "Qq", "扣扣", "企鹅", "Q群"};
  private static final String[] WECHAT_ANCHORS = {
    "微信", "weixin", "Weixin", "WeiXin", "WEIXIN", "wechat", "WeChat", "Wechat", "WECHAT", "vx",
    "VX", "Vx", "v信", "V信", "wx", "WX", "Wx", "威信", "薇信"
  };
  private static final String[] PHONE_ANCHORS = {
    "电话",
    "手机",
    "热线",
    "联系",
    "客服",
    "咨询",
    "微信",
    "tel",
    "Tel",
    "TEL",
    "phone",
    "Phone",
    "PHONE",
    "mobile",
    "Mobile",
    "MOBILE",
    "call",
    "Call",
    "CALL",
    "whatsapp",
    "WhatsApp",
    "Whatsapp",
    "☎",
    "📞"
  };
  private static final String[] TELEGRAM_LINK_ANCHORS = {".me/", ".ME/", ".Me/"};
  private static final String[] TELEGRAM_ANCHORS = {
    "telegram", "Telegram", "TELEGRAM", "tg", "TG", "Tg", "飞机", "电报"
  };
  private static final String[] ALIPAY_ANCHORS = {"支付宝", "alipay", "Alipay", "AliPay", "ALIPAY"};
  private static final String[] PSB_ANCHORS = {"公网安备"};

  /** Every anchor group, found in one pass; indexes below. */
  static final String[][] ANCHOR_GROUPS = {
    ICP_ANCHORS,
    PSB_ANCHORS,
    QQ_ANCHORS,
    WECHAT_ANCHORS,
    PHONE_ANCHORS,
    TELEGRAM_LINK_ANCHORS,
    TELEGRAM_ANCHORS,
    ALIPAY_ANCHORS
  };

  static final int AT_ICP = 0;
  static final int AT_PSB = 1;
  static final int AT_QQ = 2;
  static final int AT_WECHAT = 3;
  static final int AT_PHONE = 4;
  static final int AT_TELEGRAM_LINK = 5;
  static final int AT_TELEGRAM = 6;
  static final int AT_ALIPAY = 7;

  /**
   * Identifiers outside the visible text, in one walk over the document: QQ and Telegram links in
   * {@code href}s, analytics IDs in scripts, tracking images and the CNZZ icon.
   */
  private void fromElements(DomScan dom, Collector out) {
    int budget = MAX_SCRIPT_CHARS;
    for (int i : dom.tagged("a", "script", "img", "iframe", "span")) {
      Element e = dom.element(i);
      String source;
      switch (e.normalName()) {
        case "a" -> {
          ContactHandles.link(e, dom.href(i), out);
          continue;
        }
        case "script" -> source = e.attr("src") + "\n" + e.data();
        case "img", "iframe" -> source = e.attr("src");
        case "span" -> source = dom.id(i).startsWith("cnzz_stat_icon") ? dom.id(i) : "";
        default -> {
          continue;
        }
      }
      if (source.isBlank() || budget <= 0) {
        continue;
      }
      if (source.length() > budget) {
        source = source.substring(0, budget);
      }
      budget -= source.length();
      AnalyticsIds.find(source, out);
    }
  }

  // --- helpers --------------------------------------------------------------------------------

  /** Full-width ASCII forms and the ideographic space to their half-width forms, length kept. */
  static String foldWidth(String s) {
    char[] chars = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      char folded = c >= '\uFF01' && c <= '\uFF5E' ? (char) (c - 0xFEE0) : c == '\u3000' ? ' ' : c;
      if (folded != c) {
        if (chars == null) {
          chars = s.toCharArray();
        }
        chars[i] = folded;
      }
    }
    return chars == null ? s : new String(chars);
  }

  static String snip(String original, Matcher m) {
    return TextAnalysis.snippet(original, m.start(), m.end(), SNIPPET_CONTEXT);
  }

  static String clip(String s) {
    String collapsed = TextAnalysis.collapse(s);
    return collapsed.length() <= 200 ? collapsed : collapsed.substring(0, 200) + "…";
  }
}
