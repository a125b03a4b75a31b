package org.sitewatch.classifier.page;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.conduct.ConductDetector;
import org.sitewatch.classifier.keywords.KeywordDetector;
import org.sitewatch.classifier.keywords.Lexicon;
import org.sitewatch.classifier.limits.ControlChars;
import org.sitewatch.classifier.signals.HiddenTextDetector;
import org.sitewatch.classifier.signals.IdentifierExtractor;
import org.sitewatch.classifier.signals.InjectedLinks;
import org.sitewatch.classifier.signals.LayoutDetector;
import org.sitewatch.classifier.signals.PaymentDetector;
import org.sitewatch.classifier.signals.StructureDetector;
import org.sitewatch.events.ConductReason;
import org.sitewatch.events.Finding;

/**
 * Scores one page at a time with keyword signals (the lexicons, matched with Lucene) and structural
 * signals (self-labels, age gates, subscription prices); see the package description for the model.
 * Built once, immutable and thread-safe.
 */
public final class PageClassifier {
  /** HTML beyond this is not parsed; crawlers cap pages well below it. */
  static final int MAX_CONTENT_CHARS = 2_000_000;

  /** Visible text beyond this is not searched. */
  static final int MAX_TEXT_CHARS = 300_000;

  private final double pageThreshold;
  private final Lexicon lexicon;
  private final List<SignalDetector> detectors;

  /** The lexicon matcher, also run on hidden link text to judge injected links. */
  private final SignalDetector keywords;

  private final IdentifierExtractor identifiers = new IdentifierExtractor();
  private final HiddenTextDetector hiddenText;
  private final ConductDetector conducts = new ConductDetector();

  /** The finding kind of a page whose scoring ran out of time. */
  static final String TIME_BUDGET_EXCEEDED = "time-budget-exceeded";

  private final long budgetNanos;
  private final java.util.function.LongSupplier nanoTicker;

  /** What a page on a listed host gets ({@code url.list:<name>}, category known-site). */
  static final double LIST_WEIGHT = Category.KNOWN_SITE.cap();

  private final org.sitewatch.classifier.lists.KnownSites knownSites;

  private PageClassifier(
      double pageThreshold,
      Lexicon lexicon,
      SignalDetector keywords,
      List<SignalDetector> detectors,
      long budgetNanos,
      java.util.function.LongSupplier ticker,
      org.sitewatch.classifier.lists.KnownSites knownSites) {
    this.knownSites = knownSites;
    this.budgetNanos = budgetNanos;
    this.nanoTicker = ticker;
    this.pageThreshold = pageThreshold;
    this.lexicon = lexicon;
    this.keywords = keywords;
    this.detectors = List.copyOf(detectors);
    this.hiddenText = new HiddenTextDetector(keywords);
  }

  /**
   * Loads the built-in lexicons and the optional extra file of {@code settings}.
   *
   * @throws IllegalArgumentException naming {@code file:line} when a lexicon line is malformed, or
   *     when the extra file cannot be read
   */
  public static PageClassifier load(ClassifierSettings settings) {
    Objects.requireNonNull(settings, "settings");
    return load(
        settings, Map.of(), org.sitewatch.classifier.lists.KnownSites.load(settings.listsDir()));
  }

  /**
   * Loads the built-in lexicons, the extra file of {@code settings}, and the live operator lexicons
   * ({@code name -> lexicon text}, as published on the lexicon topic) on top; pages are matched
   * against {@code knownSites}, loaded once by the caller (lists are read at start only, never
   * again on a lexicon change).
   *
   * @throws IllegalArgumentException naming the source and line of a malformed rule
   */
  public static PageClassifier load(
      ClassifierSettings settings,
      Map<String, String> live,
      org.sitewatch.classifier.lists.KnownSites knownSites) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(knownSites, "knownSites");
    Lexicon lexicon = Lexicon.load(settings.lexiconFile(), live);
    SignalDetector keywords = new KeywordDetector(lexicon);
    return new PageClassifier(
        settings.pageThreshold(),
        lexicon,
        keywords,
        List.of(
            keywords, new StructureDetector(), new PaymentDetector(), new LayoutDetector(keywords)),
        settings.pageTimeBudget().toNanos(),
        System::nanoTime,
        knownSites);
  }

  /** The known-site lists this classifier matches pages against. */
  public org.sitewatch.classifier.lists.KnownSites knownSites() {
    return knownSites;
  }

  /** This classifier reading time from {@code nanoTicker} (tests drive the page time budget). */
  PageClassifier withTicker(java.util.function.LongSupplier nanoTicker) {
    return new PageClassifier(
        pageThreshold,
        lexicon,
        keywords,
        detectors,
        budgetNanos,
        Objects.requireNonNull(nanoTicker, "nanoTicker"),
        knownSites);
  }

  /**
   * Identifies the rules in force, e.g. {@code builtin-3fa2c0d19b7e}; carried by every verdict.
   * When known-site lists are loaded their version follows, e.g. {@code
   * builtin-3fa2c0d19b7e+lists-0c1d2e3f4a5b} (see {@link
   * org.sitewatch.classifier.lists.KnownSites#version()}).
   */
  public String lexiconVersion() {
    String lists = knownSites.version();
    return lists.isEmpty() ? lexicon.version() : lexicon.version() + "+" + lists;
  }

  /**
   * Scores a page. Content that is empty, malformed, binary or huge is scored too (it usually
   * scores near 0); only a {@code null} page is an error.
   */
  public PageScore classify(PageInput page) {
    Objects.requireNonNull(page, "page");
    long deadline = nanoTicker.getAsLong() + budgetNanos;
    List<String> skipped = new ArrayList<>();
    PageText text = prepare(page);
    // hidden links to other sites are scored as if absent: they make the page a victim; other
    // hidden text is checked for cloaking
    InjectedLinks injected = InjectedLinks.find(text, page.url());
    if (!injected.isEmpty()) {
      injected.detach();
      Document doc = text.document().orElseThrow();
      text = new PageText(cap(visibleText(doc)), text.document(), text.headers());
    }
    List<RawHit> hits = new ArrayList<>();
    for (SignalDetector detector : detectors) {
      if (nanoTicker.getAsLong() - deadline > 0) {
        skipped.add(detector.getClass().getSimpleName());
        continue;
      }
      detector.detect(text, hits);
    }
    hiddenText.signal(injected.hiddenText()).ifPresent(hits::add);
    for (var listed : knownSites.matchesAddress(page.url())) {
      hits.add(new RawHit(listed.signalId(), Category.KNOWN_SITE, LIST_WEIGHT, 1, listed.domain()));
    }
    IdentifierExtractor.Extraction extracted;
    if (nanoTicker.getAsLong() - deadline > 0) {
      skipped.add("IdentifierExtractor");
      extracted = IdentifierExtractor.Extraction.NONE;
    } else {
      extracted = identifiers.extract(text, page.url());
    }
    IdentifierExtractor.paymentSignal(extracted.identifiers()).ifPresent(hits::add);
    Scoring.Result result = Scoring.score(page.url(), hits);
    boolean flagged = result.score() >= pageThreshold;
    List<ConductReason> conductReasons;
    if (nanoTicker.getAsLong() - deadline > 0) {
      skipped.add("ConductDetector");
      conductReasons = List.of();
    } else {
      conductReasons = conducts.detect(text, page.url(), result.signals(), extracted.identifiers());
    }
    List<Finding> findings = new ArrayList<>(extracted.findings());
    injected.finding(flagged, keywords, page.url()).ifPresent(findings::add);
    if (!skipped.isEmpty()) {
      findings.add(
          new Finding(
              TIME_BUDGET_EXCEEDED,
              "scored without "
                  + String.join(", ", skipped)
                  + ": the page took longer than "
                  + java.time.Duration.ofNanos(budgetNanos),
              "",
              page.url()));
    }
    // the SimHash only serves to find near-copies of evidence: a page without any signal or
    // identifier is never evidence, and most crawled pages are such pages
    String simhash =
        result.signals().isEmpty() && extracted.identifiers().isEmpty()
            ? null
            : TextSimhash.hexOf(text.text());
    return new PageScore(
        page.url(),
        result.score(),
        flagged,
        result.signals(),
        result.categories(),
        extracted.identifiers(),
        findings,
        simhash,
        conductReasons);
  }

  static PageText prepare(PageInput page) {
    String content = page.content();
    if (content.length() > MAX_CONTENT_CHARS) {
      content = content.substring(0, MAX_CONTENT_CHARS);
    }
    if (content.isBlank() || looksBinary(content)) {
      return PageText.EMPTY;
    }
    String type = page.contentType().toLowerCase(Locale.ROOT);
    if (type.isEmpty() || type.contains("html")) {
      Document doc = Jsoup.parse(content);
      // the element walk that finds the meta tags is the one the detectors read later
      PageText.Scans scans = new PageText.Scans();
      return new PageText(
          cap(visibleText(doc, scans.dom(doc).elementsNamed("meta"))),
          Optional.of(doc),
          page.headers(),
          scans);
    }
    if (type.startsWith("text/")) {
      return new PageText(cap(content), Optional.empty(), page.headers());
    }
    return new PageText("", Optional.empty(), page.headers());
  }

  /** Parsed once: a selector string is parsed anew on every call. */
  private static final Evaluator META_NAME = QueryParser.parse("meta[name]");

  private static String visibleText(Document doc) {
    return visibleText(doc, doc.select(META_NAME));
  }

  /** From {@code elements}: the metas among them, or all of the document's elements. */
  private static String visibleText(Document doc, List<Element> elements) {
    StringJoiner text = new StringJoiner("\n");
    text.add(doc.title());
    for (Element meta : elements) {
      if (!meta.normalName().equals("meta") || !meta.hasAttr("name")) {
        continue;
      }
      String name = meta.attr("name");
      if (name.equalsIgnoreCase("description") || name.equalsIgnoreCase("keywords")) {
        text.add(meta.attr("content"));
      }
    }
    text.add(doc.body() == null ? "" : doc.body().text());
    return text.toString();
  }

  /** The text capped, with control and bidi characters as spaces ({@link ControlChars}). */
  private static String cap(String raw) {
    String text = ControlChars.toSpaces(raw);
    if (text.length() <= MAX_TEXT_CHARS) {
      return text;
    }
    int end = MAX_TEXT_CHARS;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end);
  }

  /** Control characters or replacement characters in more than 10% of the first 8 KiB. */
  static boolean looksBinary(String content) {
    int n = Math.min(content.length(), 8192);
    int odd = 0;
    for (int i = 0; i < n; i++) {
      char c = content.charAt(i);
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == '\uFFFD') {
        odd++;
      }
    }
    return odd * 10 > n;
  }

  /** For tests and reports: how many keyword rules are active. */
  int keywordRuleCount() {
    return lexicon.rules().size();
  }
}
