package org.sitewatch.classifier.conduct;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;
import org.sitewatch.classifier.keywords.NormalizedText;
import org.sitewatch.classifier.keywords.TextAnalysis;
import org.sitewatch.classifier.page.DomScan;
import org.sitewatch.classifier.page.PageText;
import org.sitewatch.events.ConductReason;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.SignalHit;

/**
 * The evidence on one page for each conduct of the joint notice: what makes a site {@link
 * #FOR_PROFIT} (prices, rates, top-ups, coins, paid downloads, payment methods and accounts, paid
 * apps), {@link #SHOWING_AUDIO_VIDEO} (players, streams, picture sets and videos offered) and
 * {@link #SOLICITATION} (escort and meeting wording, with the rates and contact handles next to
 * it). Patterns are matched on the text as the keywords see it ({@link NormalizedText}: Traditional
 * as Simplified, full width as plain, look-alikes undone), ignoring case; snippets are cut from the
 * page as written. The lexicon's signals of the page are reused for their category.
 *
 * <p>A page says nothing about whether its site is flagged, and {@link #WITHOUT_PROFIT} is the
 * absence of profit evidence on every page of a site: both are decided per site, from the evidence
 * of all its pages (see {@code topology.Conducts}). Immutable and thread-safe.
 */
public final class ConductDetector {
  public static final String FOR_PROFIT = "for-profit";
  public static final String WITHOUT_PROFIT = "without-profit";
  public static final String SHOWING_AUDIO_VIDEO = "showing-audio-video";
  public static final String SOLICITATION = "solicitation";

  /** The conducts in the order a verdict lists them. */
  public static final List<String> ORDER =
      List.of(FOR_PROFIT, WITHOUT_PROFIT, SHOWING_AUDIO_VIDEO, SOLICITATION);

  /** Kinds of evidence, strongest first; lexicon rules (by id) come after all of them. */
  public static final List<String> KIND_ORDER =
      List.of(
          "payment-account",
          "rate",
          "membership-price",
          "payment-method",
          "top-up",
          "coins",
          "paid-download",
          "paid-app",
          "price-list",
          "video-player",
          "stream",
          "picture-set",
          "video-download",
          "meeting",
          "contact-handle");

  /** Where {@code signal} ranks in {@link #KIND_ORDER}; a lexicon rule after every kind. */
  public static int rank(String signal) {
    int rank = KIND_ORDER.indexOf(signal);
    return rank < 0 ? KIND_ORDER.size() : rank;
  }

  /** Reasons one page gives for one conduct, at most. */
  public static final int MAX_PER_CONDUCT = 4;

  /** Candidates collected per conduct before the strongest {@link #MAX_PER_CONDUCT} are kept. */
  private static final int MAX_CANDIDATES = 32;

  /** Characters of context each side of a match in a snippet. */
  static final int CONTEXT = 24;

  /** Matches of one pattern counted on a page, at most (one is enough to be evidence). */
  private static final int MAX_MATCHES = 2;

  private static final String PRICE =
      "(?:[¥$€£]\\s?\\d{1,6}(?:[.,]\\d{1,2})?"
          + "|(?<![\\d.])\\d{1,6}(?:\\.\\d{1,2})?\\s?(?:元|块|rmb|usd|usdt|dollars?|eur|euros?|美元|美金|港币|港元))";
  private static final String PERIOD =
      "(?:/|per|a|every|每|一|个)?\\s?(?:个)?(?:月|年|季|周|month|year|week|mo)(?![a-z])";

  /**
   * 点 as points, not as the hour of a clock ("每天8点更新", "8点30", "8点前"): not followed by a time word.
   */
  private static final String HOUR_NOT_POINTS =
      "点(?![钟前后半整左右多到至:：\\d]|\\s?(?:更新|开始|上线|发布|开播|直播|见))";

  /**
   * Not just after a negation or a donation ("no credit card required", "without a credit card",
   * "免费，无需银行卡", "donate via BTC"): a free site says what it does not ask for.
   */
  private static final String NOT_NEGATED =
      "(?<!(?:(?<![a-z])(?:no|without|free|donate|donations?)[\\s-]{1,2}(?:(?:via|with|by|in|a|any|your)\\s)?"
          + "|(?:无需|不需要|不用|无须|免|捐赠|捐助)\\s?))";

  static final Pattern MEMBERSHIP_PRICE =
      Pattern.compile(
          // the first characters of the words and prices below, checked before any alternative
          "(?=[会v月季年周永终包套专mpsyalj¥$€£0-9])"
              + "(?:(?:会员|vip|月卡|季卡|年卡|周卡|永久|终身|包月|包季|包年|套餐|专区|membership|members?|premium"
              + "|subscription|subscribe|monthly|yearly|annual|lifetime|plan|join)[^\\n]{0,24}?"
              + PRICE
              + "|"
              + PRICE
              + "\\s?"
              + PERIOD
              + ")",
          Pattern.CASE_INSENSITIVE);

  static final Pattern PRICE_LIST =
      Pattern.compile(
          "价目表|价格表|收费标准|price\\s?list|(?:hourly\\s?)?rates?\\s?card|hourly\\s?rates?",
          Pattern.CASE_INSENSITIVE);
  static final Pattern TOP_UP =
      Pattern.compile("充值|储值|(?<![a-z])top[- ]?ups?(?![a-z])|recharge", Pattern.CASE_INSENSITIVE);
  static final Pattern COINS =
      Pattern.compile(
          "(?<![\\d.])\\d{1,6}\\s?(?:金币|钻石|代币|点券|coins|tokens|credits)(?![a-z])"
              + "|(?:购买|买|兑换|buy|purchase)\\s?(?:more\\s)?(?:金币|钻石|代币|点券|coins|tokens|credits)",
          Pattern.CASE_INSENSITIVE);
  static final Pattern PAID_DOWNLOAD =
      Pattern.compile(
          "(?:下载|download)[^\\n]{0,16}?(?:"
              + PRICE
              + "|\\d+\\s?(?:金币|积分|点券|点数|"
              + HOUR_NOT_POINTS
              + "|coins|tokens|credits|points)|付费|收费|vip|paid)"
              + "|(?:付费|收费|vip|会员|paid|premium|members?)\\s?(?:专享|only)?\\s?(?:下载|downloads?)",
          Pattern.CASE_INSENSITIVE);
  static final Pattern PAID_APP =
      Pattern.compile(
          "(?:(?<![a-z])apps?(?![a-z])|apk|客户端)[^\\n]{0,30}?(?:vip|会员|充值|付费|金币|解锁|premium"
              + "|subscription|subscribe|in-app|coins|tokens|unlock)"
              + "|(?:vip|会员|付费|premium)[^\\n]{0,20}?(?:(?<![a-z])apps?(?![a-z])|apk|客户端)",
          Pattern.CASE_INSENSITIVE);
  static final Pattern PAYMENT_METHOD =
      Pattern.compile(
          // the first letters of the words below, checked before the costly negation look-behind
          "(?=[支a微w银bcvmpu比虚t])"
              + NOT_NEGATED
              + "(?:支付宝|alipay|微信支付|wechat\\s?pay|银行卡|银行转账|bank\\s?(?:cards?|transfer)|credit\\s?cards?"
              + "|(?<![a-z])(?:visa|mastercard|paypal|usdt|trc-?20|btc|bitcoin|crypto)(?![a-z])|比特币|虚拟币)"
              + "|(?:扫码|扫一扫|二维码|qr\\s?code)[^\\n]{0,12}?(?:支付|付款|充值|转账|(?<![a-z])pay)",
          Pattern.CASE_INSENSITIVE);
  static final Pattern RATE =
      Pattern.compile(
          // the first characters of the prices and words below, checked before any alternative
          "(?=[¥$€£0-9hpoi快包过全钟一每半])(?:"
              + PRICE
              + "\\s?(?:/|per|an?|for\\s(?:an?|one|1|two|2))\\s?(?:hours?|hrs?|night|overnight|session"
              + "|minutes?|min)(?![a-z])"
              + "|(?:hourly|per\\shour|1\\s?hour|one\\shour|half\\shour|30\\s?min(?:utes)?|overnight|incall"
              + "|outcall)\\s?(?:rates?)?\\s?[:\\-]?\\s?"
              + PRICE
              + "|(?<![\\d.])\\d{1,3}\\s?(?:minutes?|mins?|hours?|hrs?)\\s?[:\\-]?\\s?"
              + PRICE
              + "|(?<![\\d.])\\d{1,5}\\s?tokens?\\s?(?:/|per|a)\\s?min(?:ute)?"
              + "|"
              + PRICE
              + "[^\\n]{0,3}?(?:每|一|/)?\\s?(?:小时|钟|次|晚|夜|分钟)"
              // a service word may stand before a bare amount; a length or count ("1小时30分钟",
              // "一次20张", "每分钟 60 帧") is no rate: after it the amount needs a currency
              + "|(?:快餐|包夜|过夜|全套|包时|钟点)\\s?[:：]?\\s?(?:[¥$]\\s?)?\\d{2,5}(?!\\d)\\s?(?:元|块|rmb|金币|钻石)?"
              + "|(?:一小时|每小时|半小时|1小时|一次|一分钟|每分钟)\\s?[:：]?\\s?"
              + "(?:[¥$]\\s?\\d{2,5}|(?<![\\d.])\\d{2,5}\\s?(?:元|块|rmb|金币|钻石)))",
          Pattern.CASE_INSENSITIVE);
  static final Pattern MEETING =
      Pattern.compile(
          // the first characters of the words below, checked before any alternative
          "(?=[上空到酒宾包过快约外预可iobmdha])"
              + "(?:(?:上门|空降|到店|酒店|宾馆|包夜|过夜|快餐|约见|外送)[^\\n]{0,12}?(?:服务|小姐|妹妹|佳丽|美女|女孩|技师|可约|预约)"
              + "|(?:预约|约见|可约)[^\\n]{0,10}?(?:小姐|妹妹|佳丽|美女|女孩|技师|上门)"
              + "|(?<![a-z])(?:incall|outcall)(?![a-z])"
              + "|(?:book|booking|meet|date)\\s(?:a\\s|an\\s|your\\s|our\\s|with\\s|the\\s)?(?:companion|escort|girl|lady|model)s?"
              + "|hotel\\s(?:visits?|calls?)|(?:available|meet)\\s(?:tonight|for\\sdates|in\\sperson))",
          Pattern.CASE_INSENSITIVE);
  static final Pattern CONTACT =
      Pattern.compile(
          "(?:call|text|phone|tel|whatsapp|mobile|sms)\\s?(?:me|us|her)?\\s?(?:on|at|:)?\\s?\\+?\\d[\\d\\s().-]{6,16}\\d"
              + "|(?:whatsapp|telegram|kik|snapchat|line\\sid)\\s?[:：]\\s?@?[a-z0-9_.+-]{3,32}",
          Pattern.CASE_INSENSITIVE);
  static final Pattern STREAM =
      Pattern.compile(
          "直播中|正在直播|直播间|在线直播|(?<![a-z])live\\s?(?:now|streams?|streaming|shows?|cams?|rooms?)(?![a-z])"
              + "|streaming\\s?(?:now|live)",
          Pattern.CASE_INSENSITIVE);
  static final Pattern PICTURE_SET =
      Pattern.compile(
          "套图|图集|写真集|图包|(?:photo|picture|pic|image)\\s?(?:sets?|packs?)(?![a-z])"
              + "|(?:download|view|browse)\\s?(?:the\\s|full\\s|all\\s)?(?:photo|picture|pic|image)s?"
              + "\\s?(?:galler(?:y|ies)|albums?|zip)",
          Pattern.CASE_INSENSITIVE);
  static final Pattern VIDEO_DOWNLOAD =
      Pattern.compile(
          "(?:视频|影片|电影|(?<![a-z])(?:videos?|movies?|clips?))\\s?(?:下载|downloads?)"
              + "|(?:下载|download)\\s?(?:the\\s|full\\s|hd\\s)?(?:视频|影片|电影|videos?|movies?|clips?)",
          Pattern.CASE_INSENSITIVE);

  private static final String[] PRICE_UNITS = {
    "元", "块", "rmb", "usd", "dollar", "eur", "美元", "美金", "港", "$", "¥", "€", "£"
  };

  /**
   * Literal words (lower case) each pattern's matches contain: a pattern runs only in windows of
   * {@link #WINDOW} characters around them, so a page costs one pass for all anchors ({@link
   * AnchorScanner}) rather than a full regex scan per pattern (see {@code signals.TextScan} for the
   * same idea).
   */
  private static final Map<Pattern, String[]> ANCHORS =
      Map.ofEntries(
          Map.entry(
              MEMBERSHIP_PRICE,
              concat(
                  PRICE_UNITS,
                  "会员",
                  "vip",
                  "卡",
                  "永久",
                  "终身",
                  "包月",
                  "包季",
                  "包年",
                  "套餐",
                  "专区",
                  "member",
                  "premium",
                  "subscri",
                  "monthly",
                  "yearly",
                  "annual",
                  "lifetime",
                  "plan",
                  "join")),
          Map.entry(PRICE_LIST, new String[] {"价目表", "价格表", "收费标准", "price", "rate"}),
          Map.entry(TOP_UP, new String[] {"充值", "储值", "top", "recharge"}),
          Map.entry(COINS, new String[] {"金币", "钻石", "代币", "点券", "coin", "token", "credit"}),
          Map.entry(PAID_DOWNLOAD, new String[] {"下载", "download"}),
          Map.entry(PAID_APP, new String[] {"app", "apk", "客户端"}),
          Map.entry(
              PAYMENT_METHOD,
              new String[] {
                "支付宝",
                "alipay",
                "微信支付",
                "wechat",
                "银行",
                "bank",
                "credit",
                "visa",
                "mastercard",
                "paypal",
                "usdt",
                "trc",
                "btc",
                "bitcoin",
                "crypto",
                "比特币",
                "虚拟币",
                "扫码",
                "扫一扫",
                "二维码",
                "qr"
              }),
          Map.entry(
              RATE,
              concat(
                  PRICE_UNITS,
                  "hour",
                  "hr",
                  "min",
                  "night",
                  "session",
                  "token",
                  "小时",
                  "钟",
                  "次",
                  "晚",
                  "夜",
                  "快餐",
                  "全套",
                  "包时")),
          Map.entry(
              MEETING,
              new String[] {
                "上门",
                "空降",
                "到店",
                "酒店",
                "宾馆",
                "包夜",
                "过夜",
                "快餐",
                "约见",
                "外送",
                "预约",
                "可约",
                "incall",
                "outcall",
                "book",
                "meet",
                "date",
                "hotel",
                "available"
              }),
          Map.entry(
              CONTACT,
              new String[] {
                "call",
                "text",
                "phone",
                "tel",
                "whatsapp",
                "mobile",
                "sms",
                "telegram",
                "kik",
                "snapchat",
                "line"
              }),
          Map.entry(STREAM, new String[] {"直播", "live", "streaming"}),
          Map.entry(
              PICTURE_SET,
              new String[] {"套图", "图集", "写真集", "图包", "photo", "picture", "pic", "image"}),
          Map.entry(VIDEO_DOWNLOAD, new String[] {"下载", "download"}));

  /** Characters each side of an anchor a pattern's match may start in. */
  static final int WINDOW = 64;

  /** Anchor positions looked at per pattern and page, at most. */
  private static final int MAX_ANCHORS = 2_000;

  /**
   * Characters one of which every match of a pattern holds (read off each alternative of the
   * pattern: a price or a count needs a digit, a handle a colon): a region without any is not
   * searched. Most windows around common anchors ({@code min}, {@code hr}, {@code $}) on ordinary
   * pages have no such character nearby, and the regex would try every position in them.
   */
  private static final Map<Pattern, boolean[]> NEEDS =
      Map.of(
          RATE, chars("0123456789"),
          MEMBERSHIP_PRICE, chars("0123456789"),
          CONTACT, chars("0123456789:："));

  private static boolean[] chars(String chars) {
    boolean[] set = new boolean[Character.MAX_VALUE + 1];
    for (char c : chars.toCharArray()) {
      set[c] = true;
    }
    return set;
  }

  /** The first place in {@code [from, to)} of a character of {@code set}; {@code to} if none. */
  private static int nextNeeded(String text, int from, int to, boolean[] set) {
    for (int i = from; i < to; i++) {
      if (set[text.charAt(i)]) {
        return i;
      }
    }
    return to;
  }

  /**
   * For each pattern of {@link #NEEDS}: how many characters (chars, not code points: a
   * supplementary character that {@code [^\n]} reads counts two) a match spans at most, with a
   * margin. Read off the patterns, longest alternative: {@link #RATE} 36 ("30 minutes rates : " and
   * a 17-char price), {@link #MEMBERSHIP_PRICE} 77 ("subscription", 24 code points of up to two
   * chars, a price), {@link #CONTACT} 44 ("snapchat : @" and a 32-char handle). A match then lies
   * within that span of one of its needed characters, so the regex is tried only there; the matches
   * are the same as over the whole window (the patterns have no atomic group or possessive
   * quantifier, and look-arounds see past the region).
   */
  private static final Map<Pattern, Integer> SPAN =
      Map.of(RATE, 48, MEMBERSHIP_PRICE, 96, CONTACT, 56);

  /** Every anchor word once, found in one pass over a page for all patterns. */
  private static final List<String> ANCHOR_WORDS;

  /** For each pattern, the indexes in {@link #ANCHOR_WORDS} of its anchors, in their order. */
  private static final Map<Pattern, int[]> ANCHOR_IDS;

  private static final AnchorScanner SCANNER;

  static {
    Map<String, Integer> ids = new LinkedHashMap<>();
    List<Integer> caps = new ArrayList<>();
    Map<Pattern, int[]> byPattern = new java.util.HashMap<>();
    // a fixed order, so that the words get the same indexes in every run
    for (Pattern p :
        List.of(
            MEMBERSHIP_PRICE,
            PRICE_LIST,
            TOP_UP,
            COINS,
            PAID_DOWNLOAD,
            PAID_APP,
            PAYMENT_METHOD,
            RATE,
            MEETING,
            CONTACT,
            STREAM,
            PICTURE_SET,
            VIDEO_DOWNLOAD)) {
      String[] words = ANCHORS.get(p);
      int perWord = perWord(words);
      int[] of = new int[words.length];
      for (int k = 0; k < words.length; k++) {
        Integer id = ids.get(words[k]);
        if (id == null) {
          id = ids.size();
          ids.put(words[k], id);
          caps.add(perWord);
        } else {
          caps.set(id, Math.max(caps.get(id), perWord));
        }
        of[k] = id;
      }
      byPattern.put(p, of);
    }
    if (byPattern.size() != ANCHORS.size()) {
      throw new IllegalStateException("a pattern without its anchors");
    }
    ANCHOR_WORDS = List.copyOf(ids.keySet());
    ANCHOR_IDS = Map.copyOf(byPattern);
    SCANNER = new AnchorScanner(ANCHOR_WORDS, caps.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Positions kept per anchor word of a pattern: each word gets its share. */
  private static int perWord(String[] words) {
    return Math.max(1, MAX_ANCHORS / words.length);
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  /**
   * Profit rules of the lexicons that are no sign of money: free content, torrents, sign-up; and a
   * bare payment mention ("credit card"), which {@link #PAYMENT_METHOD} finds unless negated ("no
   * credit card required").
   */
  static final Set<String> NOT_PROFIT =
      Set.of(
          "kw.en.credit-card",
          "kw.zh.cili-lianjie",
          "kw.zh.zhongzi-xiazai",
          "kw.zh.yongjiu-mianfei",
          "kw.zh.huiyuan-zhuce",
          "kw.zh.yaoqingma");

  /** Live-video rules that are about a site's address or are too common to show anything. */
  static final Set<String> NOT_SHOWING =
      Set.of(
          "kw.zh.zuixin-dizhi",
          "kw.zh.dizhi-fabu",
          "kw.zh.yongjiu-dizhi",
          "kw.zh.fang-pingbi",
          "kw.zh.jizhu-yuming",
          "kw.zh.shoucang-benzhan",
          "kw.zh.meiri-gengxin",
          "kw.zh.shipin",
          "kw.zh.yiduiyi",
          "kw.en.updated-daily");

  /** Solicitation rules that are evidence only next to a stronger one (dating, contact words). */
  static final Set<String> WEAK_SOLICITATION =
      Set.of(
          "kw.zh.yuehui",
          "kw.zh.jia-weixin",
          "kw.zh.jia-qq",
          "kw.zh.lianxi-qq",
          "kw.zh.jiaoyou-weixin",
          "kw.zh.peiliao",
          "kw.zh.waiwei",
          "kw.zh.zhenshi-zhaopian",
          "kw.zh.sangna",
          "kw.zh.kongjiang",
          "kw.zh.guoye",
          "kw.zh.sizu",
          "kw.zh.yue-ma",
          "kw.en.rates-per-hour",
          "kw.en.local-singles",
          "kw.en.sexting");

  private static final Set<String> CONTACT_TYPES = Set.of("qq", "wechat", "phone", "telegram");

  /** Class or id words of video players (DPlayer, video.js, JW Player, CKPlayer, Plyr...). */
  private static final Pattern PLAYER_CLASS =
      Pattern.compile(
          "(?i)(?:^|[\\s_-])(?:d|jw|ck|art|video-?js|x|ali|tc)?player(?:$|[\\s_-])|video-js|plyr");

  private static final Pattern STREAM_SOURCE =
      Pattern.compile("(?i)\\.(?:m3u8|mp4|flv|webm)(?:$|[?#])");

  /**
   * The reasons {@code page} gives for each conduct, one per kind of signal, at most {@link
   * #MAX_PER_CONDUCT} per conduct, strongest kind first ({@link #KIND_ORDER}).
   *
   * @param signals the page's scored signals (lexicon and structure), whose categories are reused
   * @param identifiers the page's identifiers (payment accounts, contact handles)
   */
  public List<ConductReason> detect(
      PageText page, String url, List<SignalHit> signals, List<Identifier> identifiers) {
    NormalizedText text = page.normalized();
    // every pattern's anchors in one pass; a pattern then runs only in the windows around its own
    int[][] anchorsAt = SCANNER.find(text.text());
    Map<String, List<ConductReason>> found = new LinkedHashMap<>();
    // profit: the money trail first, then prices, then wording
    for (Identifier id : identifiers) {
      if (id.type().equals("payment")) {
        add(
            found,
            FOR_PROFIT,
            "payment-account",
            id.snippet().isEmpty() ? id.value() : id.snippet(),
            url);
      }
    }
    List<String> rates = matches(text, anchorsAt, RATE);
    for (String r : rates) {
      add(found, FOR_PROFIT, "rate", r, url);
    }
    scan(found, FOR_PROFIT, text, anchorsAt, MEMBERSHIP_PRICE, "membership-price", url);
    scan(found, FOR_PROFIT, text, anchorsAt, PAYMENT_METHOD, "payment-method", url);
    scan(found, FOR_PROFIT, text, anchorsAt, TOP_UP, "top-up", url);
    scan(found, FOR_PROFIT, text, anchorsAt, COINS, "coins", url);
    scan(found, FOR_PROFIT, text, anchorsAt, PAID_DOWNLOAD, "paid-download", url);
    scan(found, FOR_PROFIT, text, anchorsAt, PAID_APP, "paid-app", url);
    scan(found, FOR_PROFIT, text, anchorsAt, PRICE_LIST, "price-list", url);
    boolean strongSolicitation = signalEvidence(found, signals, url);
    // showing: a player in the page, then streams and what is offered for viewing or download
    players(page, url, found);
    scan(found, SHOWING_AUDIO_VIDEO, text, anchorsAt, STREAM, "stream", url);
    scan(found, SHOWING_AUDIO_VIDEO, text, anchorsAt, PICTURE_SET, "picture-set", url);
    scan(found, SHOWING_AUDIO_VIDEO, text, anchorsAt, VIDEO_DOWNLOAD, "video-download", url);
    // solicitation: escort and meeting wording, then its rates and contact handles
    List<String> meetings = matches(text, anchorsAt, MEETING);
    if (strongSolicitation || !meetings.isEmpty()) {
      for (SignalHit s : signals) {
        if (s.weight() > 0 && s.category().equals("solicitation")) {
          add(found, SOLICITATION, s.id(), s.snippet(), url);
        }
      }
      for (String m : meetings) {
        add(found, SOLICITATION, "meeting", m, url);
      }
      for (String r : rates) {
        add(found, SOLICITATION, "rate", r, url);
      }
      for (Identifier id : identifiers) {
        if (CONTACT_TYPES.contains(id.type())) {
          add(
              found,
              SOLICITATION,
              "contact-handle",
              id.snippet().isEmpty() ? id.value() : id.snippet(),
              url);
        }
      }
      scan(found, SOLICITATION, text, anchorsAt, CONTACT, "contact-handle", url);
    }
    List<ConductReason> all = new ArrayList<>();
    for (String conduct : ORDER) {
      found.getOrDefault(conduct, List.of()).stream()
          .sorted(java.util.Comparator.comparingInt(r -> rank(r.signal())))
          .limit(MAX_PER_CONDUCT)
          .forEach(all::add);
    }
    return List.copyOf(all);
  }

  /**
   * Adds the evidence the lexicon's {@code signals} give by their category (profit, live video)
   * under {@code url} ({@code null}: each signal's own URL); whether one is strong solicitation.
   */
  private static boolean signalEvidence(
      Map<String, List<ConductReason>> found, List<SignalHit> signals, String url) {
    boolean strongSolicitation = false;
    for (SignalHit s : signals) {
      if (s.weight() <= 0) {
        continue;
      }
      String at = url == null ? s.url() : url;
      switch (s.category()) {
        case "profit" -> {
          if (!NOT_PROFIT.contains(s.id())) {
            add(found, FOR_PROFIT, s.id(), s.snippet(), at);
          }
        }
        case "live-video" -> {
          if (!NOT_SHOWING.contains(s.id())) {
            add(found, SHOWING_AUDIO_VIDEO, s.id(), s.snippet(), at);
          }
        }
        case "solicitation" -> strongSolicitation |= !WEAK_SOLICITATION.contains(s.id());
        default -> {}
      }
    }
    return strongSolicitation;
  }

  /**
   * The evidence one page's scored {@code signals} alone give, as {@link #detect} maps them: profit
   * rules (but {@link #NOT_PROFIT}), live-video rules (but {@link #NOT_SHOWING}) and, next to a
   * strong solicitation rule, the solicitation rules. Used to rebuild the evidence of a site state
   * written before the evidence was kept.
   */
  public static List<ConductReason> fromSignals(List<SignalHit> signals) {
    Map<String, List<ConductReason>> found = new LinkedHashMap<>();
    if (signalEvidence(found, signals, null)) {
      for (SignalHit s : signals) {
        if (s.weight() > 0 && s.category().equals("solicitation")) {
          add(found, SOLICITATION, s.id(), s.snippet(), s.url());
        }
      }
    }
    List<ConductReason> all = new ArrayList<>();
    for (String conduct : ORDER) {
      all.addAll(found.getOrDefault(conduct, List.of()));
    }
    return List.copyOf(all);
  }

  private static void players(PageText page, String url, Map<String, List<ConductReason>> found) {
    if (full(found, SHOWING_AUDIO_VIDEO)) {
      return;
    }
    // the first player of the body in document order: by tag, or else by class or id
    DomScan dom = page.dom();
    int from = dom.bodyFrom();
    int to = dom.bodyTo();
    int first = to;
    for (int i : dom.tagged(PLAYER_TAGS)) {
      if (i >= from && i < to && playerByTag(dom.element(i))) {
        first = i;
        break;
      }
    }
    for (int i = from; i < first; i++) {
      if (dom.hasClassOrId(i)
          && playerByName(dom.className(i), dom.id(i))
          && !PLAYER_TAG_SET.contains(dom.element(i).normalName())) {
        first = i;
        break;
      }
    }
    if (first < to) {
      String html = dom.element(first).outerHtml();
      add(
          found,
          SHOWING_AUDIO_VIDEO,
          "video-player",
          TextAnalysis.collapse(html.length() > 160 ? html.substring(0, 160) + "…" : html),
          url);
    }
  }

  /** Elements judged by their tag and source alone, never by their class or id. */
  private static final String[] PLAYER_TAGS = {
    "video", "audio", "source", "iframe", "embed", "object"
  };

  private static final Set<String> PLAYER_TAG_SET = Set.of(PLAYER_TAGS);

  private static boolean playerByTag(Element e) {
    return switch (e.normalName()) {
      case "video", "audio" -> true;
      case "source" -> STREAM_SOURCE.matcher(e.attr("src")).find();
      default -> {
        String src = (e.attr("src") + " " + e.attr("data")).toLowerCase(Locale.ROOT);
        yield src.contains("player") || src.contains("embed") || src.contains("video");
      }
    };
  }

  private static boolean playerByName(String className, String id) {
    if (!mayNamePlayer(className) && !mayNamePlayer(id)) {
      return false; // most elements: no concatenation, no lower-casing
    }
    String names = (className + " " + id).toLowerCase(Locale.ROOT);
    return (names.contains("player") || names.contains("plyr") || names.contains("video-js"))
        && PLAYER_CLASS.matcher(names).find();
  }

  /**
   * Whether {@code name} could hold {@code player}, {@code plyr} or {@code video-js} once
   * lower-cased: each character compared lower-cased on its own, which finds all that {@code
   * toLowerCase} of the whole would (and a little more), without making a string.
   */
  static boolean mayNamePlayer(String name) {
    return containsFolded(name, "player")
        || containsFolded(name, "plyr")
        || containsFolded(name, "video-js");
  }

  private static boolean containsFolded(String s, String word) {
    char first = word.charAt(0);
    int last = s.length() - word.length();
    for (int i = 0; i <= last; i++) {
      if (Character.toLowerCase(s.charAt(i)) != first) {
        continue;
      }
      int j = 1;
      while (j < word.length() && Character.toLowerCase(s.charAt(i + j)) == word.charAt(j)) {
        j++;
      }
      if (j == word.length()) {
        return true;
      }
    }
    return false;
  }

  private static void scan(
      Map<String, List<ConductReason>> found,
      String conduct,
      NormalizedText text,
      int[][] anchorsAt,
      Pattern pattern,
      String signal,
      String url) {
    if (full(found, conduct)) {
      return;
    }
    for (String snippet : matches(text, anchorsAt, pattern)) {
      add(found, conduct, signal, snippet, url);
    }
  }

  /**
   * Snippets of the first {@link #MAX_MATCHES} matches of {@code pattern} that start within {@link
   * #WINDOW} characters of one of its anchors ({@code anchorsAt}: where each anchor word is, {@link
   * AnchorScanner#find}).
   */
  private static List<String> matches(NormalizedText text, int[][] anchorsAt, Pattern pattern) {
    List<String> out = new ArrayList<>(MAX_MATCHES);
    String t = text.text();
    Matcher m = pattern.matcher(t);
    m.useTransparentBounds(true);
    m.useAnchoringBounds(false);
    int n = t.length();
    int lastEnd = 0;
    int[] at = anchors(anchorsAt, ANCHOR_IDS.get(pattern));
    boolean[] needs = NEEDS.get(pattern);
    int i = 0;
    while (i < at.length && out.size() < MAX_MATCHES) {
      // windows that touch are searched as one region: dense anchors (a "$" or "元" every few
      // characters) would otherwise have the pattern tried at each position once per window
      int from = Math.max(lastEnd, at[i] - WINDOW);
      int to = Math.min(n, at[i] + WINDOW);
      i++;
      while (i < at.length && at[i] - WINDOW <= to) {
        to = Math.min(n, at[i] + WINDOW);
        i++;
      }
      if (from >= to) {
        continue;
      }
      if (needs == null) {
        lastEnd = find(m, from, to, text, out, lastEnd);
        continue;
      }
      // only the stretches within a match's span of a needed character: no match lies elsewhere
      int span = SPAN.get(pattern);
      int c = nextNeeded(t, from, to, needs);
      while (c < to && out.size() < MAX_MATCHES) {
        int subFrom = Math.max(from, c - span + 1);
        int subTo = Math.min(to, c + span);
        c = nextNeeded(t, c + 1, to, needs);
        while (c < to && c - span + 1 <= subTo) {
          subTo = Math.min(to, c + span);
          c = nextNeeded(t, c + 1, to, needs);
        }
        lastEnd = find(m, subFrom, subTo, text, out, lastEnd);
      }
    }
    return out;
  }

  /** Adds the matches in {@code [from, to)} up to {@link #MAX_MATCHES}; the new last end. */
  private static int find(
      Matcher m, int from, int to, NormalizedText text, List<String> out, int lastEnd) {
    m.region(from, to);
    while (out.size() < MAX_MATCHES && m.find()) {
      out.add(text.snippet(m.start(), m.end(), CONTEXT));
      lastEnd = Math.max(m.end(), m.start() + 1);
    }
    return lastEnd;
  }

  /**
   * Where the anchors of a pattern ({@code ids} in {@link #ANCHOR_WORDS}) occur, in text order, at
   * most {@link #MAX_ANCHORS}: each word gets its share, so a page padded with one anchor word does
   * not hide the others.
   */
  private static int[] anchors(int[][] found, int[] ids) {
    int perWord = Math.max(1, MAX_ANCHORS / ids.length);
    int size = 0;
    for (int id : ids) {
      size += Math.min(perWord, found[id].length);
    }
    int[] all = new int[size];
    int at = 0;
    for (int id : ids) {
      int take = Math.min(perWord, found[id].length);
      System.arraycopy(found[id], 0, all, at, take);
      at += take;
    }
    java.util.Arrays.sort(all);
    return all;
  }

  private static boolean full(Map<String, List<ConductReason>> found, String conduct) {
    return found.getOrDefault(conduct, List.of()).size() >= MAX_CANDIDATES;
  }

  /** Adds a candidate unless the conduct has enough or already one of this signal kind. */
  private static void add(
      Map<String, List<ConductReason>> found,
      String conduct,
      String signal,
      String snippet,
      String url) {
    List<ConductReason> list = found.computeIfAbsent(conduct, c -> new ArrayList<>());
    if (list.size() >= MAX_CANDIDATES || list.stream().anyMatch(r -> r.signal().equals(signal))) {
      return;
    }
    list.add(new ConductReason(conduct, signal, snippet, url));
  }
}
