package org.sitewatch.classifier.signals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.sitewatch.classifier.keywords.KeywordDetector;
import org.sitewatch.classifier.keywords.TextAnalysis;
import org.sitewatch.classifier.page.Category;
import org.sitewatch.classifier.page.PageText;
import org.sitewatch.classifier.page.RawHit;
import org.sitewatch.events.Finding;
import org.sitewatch.events.Identifier;

/**
 * Pulls identifiers that tie a site to an operator, a place or an account out of a page: ICP and
 * public-security filing numbers (with the province check), QQ, WeChat, phone and Telegram
 * handles, payment accounts (Alipay, USDT-TRC20 and Bitcoin addresses with their checksums), and
 * analytics IDs (Google, Baidu Tongji, CNZZ) from the page's scripts.
 *
 * <p>Identifiers explain and link; they do not score, with one exception kept small on purpose:
 * a payment account on a page is a {@link Category#PROFIT} signal ({@link #PAYMENT_WEIGHT}), since
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
  private static final int SNIPPET_CONTEXT = KeywordDetector.SNIPPET_CONTEXT;
  /** Script text beyond this is not searched for analytics IDs. */
  private static final int MAX_SCRIPT_CHARS = 500_000;

  private static final String P = Provinces.ABBREVIATIONS;

  static final Pattern ICP = Pattern.compile(
      "([" + P + "])\\s*+ICP\\s*+([备证])\\s*+[:：]?+\\s*+(\\d++)\\s*+(号)?+"
          + "(?:\\s*+[-－—–]\\s*+(\\d{1,3})(?!\\d))?",
      Pattern.CASE_INSENSITIVE);
  static final Pattern PSB = Pattern.compile(
      "(?:([" + P + "])\\s*+)?公网安备\\s*+(?:号)?+\\s*+[:：]?+\\s*+(\\d++)\\s*+号?");
  static final Pattern QQ = Pattern.compile(
      "(?<![a-z])(QQ|扣扣|企鹅|Q群)\\s*+(号码|群号|号|群)?\\s*+[:：]?+\\s*+([1-9]\\d{4,10})(?!\\d)",
      Pattern.CASE_INSENSITIVE);
  static final Pattern WECHAT = Pattern.compile(
      "(?<![a-z])(?:微信|weixin|wechat|vx|v信|wx|威信|薇信)(\\s*+(?:号|id)?\\s*+[:：]?+\\s*+)"
          + "([a-z][-_a-z0-9]{5,19})(?![-_a-z0-9])",
      Pattern.CASE_INSENSITIVE);
  static final Pattern PHONE = Pattern.compile(
      "(?<![\\d+])(?:\\+?86[-\\s]?)?(1[3-9]\\d)[-\\s]?(\\d{4})[-\\s]?(\\d{4})(?!\\d)");
  static final Pattern PHONE_CONTEXT = Pattern.compile(
      "(?i)(电话|手机|热线|联系|客服|咨询|微信|tel|phone|mobile|call|whatsapp|☎|📞)");
  static final Pattern TELEGRAM_LINK = Pattern.compile(
      "(?<![a-z0-9.])(?:t|telegram)\\.me/(?:s/)?([a-z][a-z0-9_]{4,31})(?![a-z0-9_])",
      Pattern.CASE_INSENSITIVE);
  static final Pattern TELEGRAM_HANDLE = Pattern.compile(
      "(?<![a-z])(?:telegram|tg|纸飞机|飞机|电报)\\s*+(?:号|群|id)?\\s*+[:：]?+\\s*+"
          + "@([a-z][a-z0-9_]{4,31})(?![a-z0-9_])",
      Pattern.CASE_INSENSITIVE);
  static final Pattern ALIPAY = Pattern.compile(
      "(?:支付宝|alipay)\\s*+(?:账号|帐号|账户|帐户|号)?+\\s*+[:：]\\s*+"
          + "(1[3-9]\\d{9}(?!\\d)|[a-z0-9._%+-]{1,64}+@[a-z0-9-]{1,63}+(?:\\.[a-z0-9-]{1,63}+){1,8})",
      Pattern.CASE_INSENSITIVE);

  static final Pattern GA_UA = Pattern.compile("(?<![A-Za-z0-9])UA-(\\d{4,10})-(\\d{1,4})(?!\\d)");
  static final Pattern GA4 = Pattern.compile("(?<![A-Za-z0-9-])G-[A-Z0-9]{6,12}(?![A-Za-z0-9])");
  static final Pattern GTM = Pattern.compile("(?<![A-Za-z0-9-])GTM-[A-Z0-9]{4,9}(?![A-Za-z0-9])");
  static final Pattern BAIDU = Pattern.compile(
      "hm\\.baidu\\.com/hm\\.js\\?([0-9a-f]{32})(?![0-9a-f])"
          + "|_setAccount['\"]\\s*+,\\s*+['\"]([0-9a-f]{32})['\"]");
  static final Pattern CNZZ = Pattern.compile(
      "cnzz\\.com/[^\"'\\s<>]{0,100}?[?&](?:web_)?id=(\\d{4,12})(?!\\d)"
          + "|cnzz_stat_icon_(\\d{4,12})(?!\\d)|CNZZDATA(\\d{4,12})(?!\\d)");

  /** What one page yields: identifiers, and findings about them (forged filings). */
  public record Extraction(List<Identifier> identifiers, List<Finding> findings) {
    public static final Extraction NONE = new Extraction(List.of(), List.of());

    public Extraction {
      identifiers = List.copyOf(identifiers);
      findings = List.copyOf(findings);
    }
  }

  /** Collects identifiers of one page, deduplicated by (type, value), first occurrence kept. */
  private static final class Collector {
    final String url;
    final Map<String, Identifier> found = new LinkedHashMap<>();

    Collector(String url) {
      this.url = url;
    }

    void add(String type, String value, String snippet, Map<String, String> attributes) {
      if (found.size() < MAX_PER_PAGE) {
        found.putIfAbsent(type + '\u0000' + value,
            new Identifier(type, value, snippet, url, attributes));
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
      List<Identifier> filings = filings(text, original, at, out);
      contacts(text, original, at, out);
      payments(text, original, at, out);
      fromElements(page.elements(), out);
      List<Finding> findings = checkFilings(filings, url);
      return new Extraction(List.copyOf(out.found.values()), findings);
    }
    fromElements(page.elements(), out);
    return out.found.isEmpty() ? Extraction.NONE
        : new Extraction(List.copyOf(out.found.values()), List.of());
  }

  /**
   * The profit signal for payment accounts on the page, if any; see the class description for
   * why this is the one identifier that scores.
   */
  public static Optional<RawHit> paymentSignal(List<Identifier> identifiers) {
    List<Identifier> payments =
        identifiers.stream().filter(i -> i.type().equals("payment")).toList();
    if (payments.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new RawHit("identifier.payment-account", Category.PROFIT, PAYMENT_WEIGHT,
        payments.size(), payments.get(0).snippet()));
  }

  // --- filing numbers -------------------------------------------------------------------------

  private List<Identifier> filings(String text, String original, int[][] at, Collector out) {
    List<Identifier> filings = new ArrayList<>();
    {
      TextScan.forEachNear(ICP, text, at[AT_ICP], 4, 36, m -> {
        icp(m).ifPresent(value -> {
          Map<String, String> attributes = new TreeMap<>();
          char abbreviation = m.group(1).charAt(0);
          Provinces.byAbbreviation(abbreviation).ifPresent(p -> {
            attributes.put("province", p.name());
            attributes.put("provinceCode", p.code());
          });
          attributes.put("kind", m.group(2).equals("证") ? "license" : "filing");
          if (m.group(5) != null) {
            attributes.put("siteIndex", m.group(5));
          }
          filings.add(new Identifier("icp", value, snip(original, m), out.url, attributes));
        });
      });
    }
    {
      TextScan.forEachNear(PSB, text, at[AT_PSB], 4, 40, m -> {
        String digits = m.group(2);
        if (digits.length() != 14) {
          return;
        }
        String area = digits.substring(0, 6);
        Map<String, String> attributes = new TreeMap<>();
        attributes.put("areaCode", area);
        Optional<Provinces.Province> areaProvince = Provinces.byAreaCode(area);
        attributes.put("areaProvince", areaProvince.map(Provinces.Province::name).orElse("unknown"));
        String prefix = "";
        if (m.group(1) != null) {
          prefix = m.group(1);
          Optional<Provinces.Province> named = Provinces.byAbbreviation(prefix.charAt(0));
          named.ifPresent(p -> {
            attributes.put("province", p.name());
            attributes.put("provinceCode", p.code());
          });
          attributes.put("consistent",
              String.valueOf(named.isPresent() && areaProvince.equals(named)));
        } else if (areaProvince.isEmpty()) {
          attributes.put("consistent", "false");
        }
        filings.add(new Identifier("psb", prefix + "公网安备" + digits + "号", snip(original, m),
            out.url, attributes));
      });
    }
    // the ICP province is checked against the public-security filings of the same page
    List<Identifier> areas = filings.stream()
        .filter(f -> f.type().equals("psb") && !f.attributes().get("areaProvince").equals("unknown"))
        .toList();
    List<Identifier> checked = new ArrayList<>();
    for (Identifier filing : filings) {
      Identifier f = filing;
      if (f.type().equals("icp") && !areas.isEmpty() && f.attributes().containsKey("province")) {
        String province = f.attributes().get("province");
        boolean consistent = areas.stream()
            .anyMatch(a -> a.attributes().get("areaProvince").equals(province));
        Map<String, String> attributes = new TreeMap<>(f.attributes());
        attributes.put("consistent", String.valueOf(consistent));
        f = new Identifier(f.type(), f.value(), f.snippet(), f.url(), attributes);
      }
      checked.add(f);
      out.add(f.type(), f.value(), f.snippet(), f.attributes());
    }
    return checked;
  }

  /** The canonical ICP number, e.g. {@code 京ICP备12345678号-1}, when the digits are 6 to 10. */
  static Optional<String> icp(Matcher m) {
    String digits = m.group(3);
    if (digits.length() < 6 || digits.length() > 10) {
      return Optional.empty();
    }
    String index = m.group(5) == null ? "" : "-" + m.group(5);
    return Optional.of(m.group(1) + "ICP" + m.group(2) + digits + "号" + index);
  }

  private static List<Finding> checkFilings(List<Identifier> filings, String url) {
    List<Finding> findings = new ArrayList<>();
    Identifier area = filings.stream()
        .filter(f -> f.type().equals("psb")
            && !"unknown".equals(f.attributes().get("areaProvince")))
        .findFirst().orElse(null);
    for (Identifier f : filings) {
      if (!"false".equals(f.attributes().get("consistent"))) {
        continue;
      }
      Map<String, String> a = f.attributes();
      String detail;
      if (f.type().equals("psb")) {
        String named = a.containsKey("province")
            ? a.get("province") + " (" + a.get("provinceCode") + ")" : "no province";
        detail = "public-security filing " + f.value() + " names " + named + " but its area code "
            + a.get("areaCode") + (a.get("areaProvince").equals("unknown")
                ? " belongs to no province" : " is in " + a.get("areaProvince") + " ("
                    + a.get("areaCode").substring(0, 2) + ")");
      } else {
        String other = area == null ? "another province"
            : area.attributes().get("areaProvince") + " (" + area.value() + ")";
        detail = "ICP filing " + f.value() + " names " + a.get("province") + " ("
            + a.get("provinceCode") + ") but the public-security filing on the page is in "
            + other;
      }
      findings.add(new Finding("forged-filing", detail, f.snippet(), url));
    }
    return findings;
  }

  // --- contact handles ------------------------------------------------------------------------

  private static final String[] ICP_ANCHORS = {"ICP", "icp", "Icp"};
  private static final String[] QQ_ANCHORS = {"QQ", "qq", "Qq", "扣扣", "企鹅", "Q群"};
  private static final String[] WECHAT_ANCHORS = {"微信", "weixin", "Weixin", "WeiXin", "WEIXIN",
      "wechat", "WeChat", "Wechat", "WECHAT", "vx", "VX", "Vx", "v信", "V信", "wx", "WX", "Wx", "威信",
      "薇信"};
  private static final String[] PHONE_ANCHORS = {"电话", "手机", "热线", "联系", "客服", "咨询", "微信",
      "tel", "Tel", "TEL", "phone", "Phone", "PHONE", "mobile", "Mobile", "MOBILE", "call", "Call",
      "CALL", "whatsapp", "WhatsApp", "Whatsapp", "☎", "📞"};
  private static final String[] TELEGRAM_LINK_ANCHORS = {".me/", ".ME/", ".Me/"};
  private static final String[] TELEGRAM_ANCHORS = {"telegram", "Telegram", "TELEGRAM", "tg", "TG",
      "Tg", "飞机", "电报"};
  private static final String[] ALIPAY_ANCHORS = {"支付宝", "alipay", "Alipay", "AliPay", "ALIPAY"};
  private static final String[] PSB_ANCHORS = {"公网安备"};
  /** Every anchor group, found in one pass; indexes below. */
  public static final String[][] ANCHOR_GROUPS = {ICP_ANCHORS, PSB_ANCHORS,
      QQ_ANCHORS, WECHAT_ANCHORS, PHONE_ANCHORS, TELEGRAM_LINK_ANCHORS, TELEGRAM_ANCHORS,
      ALIPAY_ANCHORS};
  private static final int AT_ICP = 0;
  private static final int AT_PSB = 1;
  private static final int AT_QQ = 2;
  private static final int AT_WECHAT = 3;
  private static final int AT_PHONE = 4;
  private static final int AT_TELEGRAM_LINK = 5;
  private static final int AT_TELEGRAM = 6;
  private static final int AT_ALIPAY = 7;

  private void contacts(String text, String original, int[][] at, Collector out) {
    TextScan.forEachNear(QQ, text, at[AT_QQ], 1, 30, m -> {
      Map<String, String> attributes = m.group(1).contains("群")
          || (m.group(2) != null && m.group(2).contains("群"))
          ? Map.of("group", "true") : Map.of();
      out.add("qq", m.group(3), snip(original, m), attributes);
    });
    TextScan.forEachNear(WECHAT, text, at[AT_WECHAT], 0, 40, w -> {
      String separator = w.group(1);
      String id = w.group(2);
      boolean labelled = separator.contains(":") || separator.contains("：")
          || separator.contains("号") || separator.toLowerCase(Locale.ROOT).contains("id");
      // without a label, an ID must look like one: ordinary words ("WeChat Official") do not
      if (labelled || id.chars().anyMatch(c -> Character.isDigit(c) || c == '_' || c == '-')) {
        out.add("wechat", id.toLowerCase(Locale.ROOT), snip(original, w), Map.of());
      }
    });
    // a number counts as a phone only shortly after a word such as 电话 or "phone"
    TextScan.forEachNear(PHONE, text, at[AT_PHONE], 0, 45, p ->
        out.add("phone", p.group(1) + p.group(2) + p.group(3), snip(original, p),
            Map.of("country", "CN")));
    TextScan.forEachNear(TELEGRAM_LINK, text, at[AT_TELEGRAM_LINK], 10, 40, t ->
        telegram(t.group(1), snip(original, t), out));
    TextScan.forEachNear(TELEGRAM_HANDLE, text, at[AT_TELEGRAM], 1, 45, t ->
        telegram(t.group(1), snip(original, t), out));
  }

  private static void telegram(String handle, String snippet, Collector out) {
    String h = handle.toLowerCase(Locale.ROOT);
    if (!h.equals("joinchat") && !h.equals("share")) {
      out.add("telegram", "@" + h, snippet, Map.of());
    }
  }

  /**
   * Identifiers outside the visible text, in one walk over the document: QQ and Telegram links
   * in {@code href}s, analytics IDs in scripts, tracking images and the CNZZ icon.
   */
  private void fromElements(List<Element> elements, Collector out) {
    int budget = MAX_SCRIPT_CHARS;
    for (Element e : elements) {
      String source;
      switch (e.normalName()) {
        case "a" -> {
          link(e, out);
          continue;
        }
        case "script" -> source = e.attr("src") + "\n" + e.data();
        case "img", "iframe" -> source = e.attr("src");
        case "span" -> source = e.id().startsWith("cnzz_stat_icon") ? e.id() : "";
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
      analyticsIn(source, out);
    }
  }

  static final Pattern QQ_UIN = Pattern.compile("uin=([1-9]\\d{4,10})(?!\\d)");

  private static void link(Element a, Collector out) {
    String href = a.attr("href");
    if (href.isEmpty()) {
      return;
    }
    if (TextScan.containsAny(href, ".me/", ".ME/", ".Me/")) {
      Matcher t = TELEGRAM_LINK.matcher(href);
      if (t.find()) {
        telegram(t.group(1), clip(a.outerHtml()), out);
      }
    } else if (href.regionMatches(true, 0, "tencent://", 0, 10) || href.contains("wpa.qq.com")) {
      Matcher q = QQ_UIN.matcher(href);
      if (q.find()) {
        out.add("qq", q.group(1), clip(a.outerHtml()), Map.of());
      }
    }
  }


  // --- payment accounts -----------------------------------------------------------------------

  private void payments(String text, String original, int[][] at, Collector out) {
    TextScan.forEachNear(ALIPAY, text, at[AT_ALIPAY], 0, 70, m ->
        out.add("payment", m.group(1).toLowerCase(Locale.ROOT), snip(original, m),
            Map.of("method", "alipay")));
    // wallet addresses: runs of letters and digits of the right length, then their checksums
    int n = text.length();
    int i = 0;
    while (i < n) {
      // no run that covers position i started before it; a run of 26 or more starting within
      // the next 26 characters covers i + 25, so where that one is no letter or digit, skip them
      if (i + 25 < n && !isAsciiAlnum(text.charAt(i + 25))) {
        i += 26;
        continue;
      }
      if (!isAsciiAlnum(text.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      while (i < n && isAsciiAlnum(text.charAt(i))) {
        i++;
      }
      int length = i - start;
      if (length < 26 || length > 90) {
        continue;
      }
      String word = text.substring(start, i);
      String method = null;
      if (length == 34 && word.charAt(0) == 'T' && PaymentAddresses.isTron(word)) {
        method = "usdt-trc20";
      } else if (length <= 35 && (word.charAt(0) == '1' || word.charAt(0) == '3')
          && PaymentAddresses.isBitcoinLegacy(word)) {
        method = "btc";
      } else if (word.regionMatches(true, 0, "bc1", 0, 3) && PaymentAddresses.isBitcoinBech32(word)) {
        method = "btc";
        word = word.toLowerCase(Locale.ROOT);
      }
      if (method != null) {
        out.add("payment", word,
            TextAnalysis.snippet(original, start, i, SNIPPET_CONTEXT), Map.of("method", method));
      }
    }
  }

  private static boolean isAsciiAlnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  // --- analytics ------------------------------------------------------------------------------

  void analyticsIn(String source, Collector out) {
    if (source.contains("UA-")) {
      Matcher m = GA_UA.matcher(source);
      while (m.find()) {
        out.add("google-analytics", m.group(), snip(source, m), Map.of());
      }
    }
    String lower = source.toLowerCase(Locale.ROOT);
    // a bare "G-XXXXXXX" is too common a shape; only inside Google's tag code is it an ID
    if (source.contains("G-") && (lower.contains("gtag") || lower.contains("googletagmanager")
        || lower.contains("google-analytics"))) {
      Matcher m = GA4.matcher(source);
      while (m.find()) {
        out.add("google-analytics", m.group(), snip(source, m), Map.of());
      }
    }
    if (source.contains("GTM-")) {
      Matcher m = GTM.matcher(source);
      while (m.find()) {
        out.add("google-tag-manager", m.group(), snip(source, m), Map.of());
      }
    }
    if (lower.contains("hm.baidu.com") || source.contains("_setAccount")) {
      Matcher m = BAIDU.matcher(source);
      while (m.find()) {
        out.add("baidu-tongji", m.group(1) != null ? m.group(1) : m.group(2), snip(source, m),
            Map.of());
      }
    }
    if (lower.contains("cnzz")) {
      Matcher m = CNZZ.matcher(source);
      while (m.find()) {
        String id = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
        out.add("cnzz", id, snip(source, m), Map.of());
      }
    }
  }

  /** For tests: the analytics IDs in one script or attribute value. */
  static List<Identifier> analyticsOf(String source) {
    Collector out = new Collector("");
    new IdentifierExtractor().analyticsIn(source, out);
    return List.copyOf(out.found.values());
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

  private static String snip(String original, Matcher m) {
    return TextAnalysis.snippet(original, m.start(), m.end(), SNIPPET_CONTEXT);
  }

  static String clip(String s) {
    String collapsed = TextAnalysis.collapse(s);
    return collapsed.length() <= 200 ? collapsed : collapsed.substring(0, 200) + "…";
  }
}
