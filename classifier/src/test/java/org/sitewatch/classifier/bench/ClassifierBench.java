package org.sitewatch.classifier.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ahocorasick.trie.Trie;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.classifier.page.PageClassifier;
import org.sitewatch.classifier.page.PageInput;
import org.sitewatch.classifier.page.PageScore;

/**
 * Speed of full page classification against a plain baseline, side by side on the same pages and
 * the same thread: {@link PageClassifier#classify} (parse, every signal, score) versus a jsoup
 * parse followed by one Aho-Corasick pass of a 5,000-entry lexicon over the page text.
 *
 * <p>Not a unit test (it lives with the tests so that its baseline library stays out of the
 * application). Run after {@code mvn -o -q -pl classifier -am test-compile}:
 *
 * <pre>
 * mvn -o -q -pl classifier dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=cp.txt
 * java -cp classifier/target/classes:classifier/target/test-classes:events/target/classes:$(cat cp.txt) \
 *     org.sitewatch.classifier.bench.ClassifierBench HTML_DIR [--pages 60] [--rounds 5] [--lexicon E2G_FILE]
 * </pre>
 *
 * Pages are built deterministically from the HTML files under {@code HTML_DIR} (benign pages, e.g.
 * Debian documentation): each is 50-80 KB of HTML, filled from one file and the next ones, and
 * every other page gets a few mild adult phrases injected. The baseline lexicon is the phrases of
 * the built-in lexicons (or of an e2guardian list given with {@code --lexicon}) padded to 5,000
 * entries with deterministic variants. It also reports how many of the original files, unchanged,
 * the classifier flags (they are benign: the target is none).
 */
public final class ClassifierBench {
  private static final int LEXICON_SIZE = 5_000;
  private static final String[] INJECTED = {
    "<p>最新成人视频，开通VIP会员免费在线观看</p>",
    "<p>Free adult videos, members only, join now</p>",
    "<div>色*情 资源 每日更新 18禁</div>",
    "<p>無碼 福利視頻 扫码支付</p>",
  };
  private static final String[] AFFIXES = {
    "免费", "在线", "最新", "高清", "视频", "网站", "合集", "下载", " free", " online", " hd", " videos", " site",
    "best ", "new ", "top ", "大全", "观看", "图片", "小说"
  };

  private ClassifierBench() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println(
          "usage: ClassifierBench HTML_DIR [--pages N] [--rounds N] [--lexicon FILE]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    int pageCount = 60;
    int rounds = 5;
    Path lexiconFile = null;
    for (int i = 1; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--pages" -> pageCount = Integer.parseInt(args[i + 1]);
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        case "--lexicon" -> lexiconFile = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    List<String> files = readHtml(dir);
    List<String> pages = buildPages(files, pageCount);
    long bytes = pages.stream().mapToLong(p -> p.getBytes(StandardCharsets.UTF_8).length).sum();
    List<String> lexicon = baselineLexicon(lexiconFile);
    Trie trie = Trie.builder().ignoreCase().addKeywords(lexicon).build();
    PageClassifier classifier = PageClassifier.load(ClassifierSettings.defaults());

    System.out.printf(
        Locale.ROOT,
        "%d pages, %.1f KB average (%d-%d KB), %d source files; "
            + "baseline lexicon %d entries; %d cores available, measured on one thread%n",
        pages.size(),
        bytes / 1024.0 / pages.size(),
        pages.stream()
            .mapToInt(p -> p.getBytes(StandardCharsets.UTF_8).length / 1024)
            .min()
            .orElse(0),
        pages.stream()
            .mapToInt(p -> p.getBytes(StandardCharsets.UTF_8).length / 1024)
            .max()
            .orElse(0),
        files.size(),
        lexicon.size(),
        Runtime.getRuntime().availableProcessors());

    int flaggedFiles = 0;
    double worst = 0;
    for (int i = 0; i < files.size(); i++) {
      PageScore score = classify(classifier, files.get(i), i);
      worst = Math.max(worst, score.score());
      if (score.flagged()) {
        flaggedFiles++;
        System.out.println("  benign file flagged: #" + i + " " + score);
      }
    }
    int flaggedPages = 0;
    for (int i = 0; i < pages.size(); i++) {
      flaggedPages += classify(classifier, pages.get(i), i).flagged() ? 1 : 0;
    }
    System.out.printf(
        Locale.ROOT,
        "benign source files flagged: %d/%d (highest score %.3f); "
            + "generated pages flagged: %d/%d (half carry injected phrases)%n",
        flaggedFiles,
        files.size(),
        worst,
        flaggedPages,
        pages.size());

    // Warm up both for about ten seconds, then time rounds of alternating passes, so that both
    // sides see the same JIT state and the same load from other processes.
    long sink = 0;
    long warmEnd = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < warmEnd) {
      sink += baseline(trie, pages);
      sink += ours(classifier, pages);
    }
    double[] base = new double[rounds];
    double[] mine = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long baseNanos = 0;
      long mineNanos = 0;
      int passes = 0;
      long roundStart = System.nanoTime();
      while (System.nanoTime() - roundStart < 4_000_000_000L) {
        long t0 = System.nanoTime();
        sink += baseline(trie, pages);
        long t1 = System.nanoTime();
        sink += ours(classifier, pages);
        long t2 = System.nanoTime();
        baseNanos += t1 - t0;
        mineNanos += t2 - t1;
        passes++;
      }
      base[r] = passes * pages.size() / (baseNanos / 1e9);
      mine[r] = passes * pages.size() / (mineNanos / 1e9);
      System.out.printf(
          Locale.ROOT,
          "round %d: baseline %.1f pages/s, classifier %.1f pages/s, " + "ratio %.2f%n",
          r + 1,
          base[r],
          mine[r],
          mine[r] / base[r]);
    }
    double b = median(base);
    double m = median(mine);
    double mbPerPage = bytes / 1e6 / pages.size();
    System.out.printf(
        Locale.ROOT,
        "baseline (jsoup parse + Aho-Corasick, %d entries): " + "%.1f pages/s, %.2f MB/s%n",
        lexicon.size(),
        b,
        b * mbPerPage);
    System.out.printf(
        Locale.ROOT,
        "classifier (PageClassifier.classify):               " + "%.1f pages/s, %.2f MB/s%n",
        m,
        m * mbPerPage);
    System.out.printf(
        Locale.ROOT,
        "ratio classifier / baseline: %.2f (target >= 0.8, issue 15)   [%d]%n",
        m / b,
        sink & 1);
  }

  private static PageScore classify(PageClassifier classifier, String html, int i) {
    return classifier.classify(
        new PageInput("https://bench.test/" + i, html, "text/html", Map.of()));
  }

  private static long baseline(Trie trie, List<String> pages) {
    long found = 0;
    for (String html : pages) {
      Document doc = Jsoup.parse(html);
      found += trie.parseText(doc.text()).size();
    }
    return found;
  }

  private static long ours(PageClassifier classifier, List<String> pages) {
    long flagged = 0;
    for (int i = 0; i < pages.size(); i++) {
      flagged += classify(classifier, pages.get(i), i).signals().size();
    }
    return flagged;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  static List<String> readHtml(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      List<Path> paths = walk.filter(p -> p.toString().endsWith(".html")).sorted().toList();
      List<String> files = new ArrayList<>();
      for (Path p : paths) {
        files.add(Files.readString(p, StandardCharsets.UTF_8));
      }
      if (files.isEmpty()) {
        throw new IllegalArgumentException("no .html files under " + dir);
      }
      return files;
    }
  }

  /**
   * Page i: 50-80 KB of body elements from file i and the following files; odd pages get phrases.
   */
  static List<String> buildPages(List<String> files, int count) {
    List<List<String>> blocks = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    for (String html : files) {
      Document doc = Jsoup.parse(html);
      titles.add(doc.title());
      List<String> mine = new ArrayList<>();
      for (Element e : doc.body().select("p, pre, li, h1, h2, h3, dt, dd, td")) {
        if (e.parents().stream().noneMatch(p -> p.normalName().matches("p|pre|li|dd|td"))) {
          mine.add(e.outerHtml());
        }
      }
      blocks.add(mine);
    }
    List<String> pages = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int target = 52 * 1024 + (int) ((i * 7919L) % (26 * 1024));
      StringBuilder body = new StringBuilder();
      int f = i % files.size();
      int b = (i * 31) % Math.max(1, blocks.get(f).size());
      int added = 0;
      int size = 0;
      int misses = 0;
      while (size < target - 1024 && misses < 10_000) {
        List<String> from = blocks.get(f);
        if (b >= from.size()) {
          f = (f + 1) % files.size();
          b = 0;
          misses++;
          continue;
        }
        String block = from.get(b++);
        int length = utf8Length(block) + 1;
        if (size + length > 78 * 1024) {
          misses++;
          continue; // a huge <pre> would overshoot 80 KB
        }
        body.append(block).append('\n');
        size += length;
        if (i % 2 == 1 && ++added % 40 == 0) {
          String phrase = INJECTED[(added / 40 + i) % INJECTED.length];
          body.append(phrase).append('\n');
          size += utf8Length(phrase) + 1;
        }
      }
      pages.add(
          "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>"
              + titles.get(i % files.size())
              + "</title></head><body>\n"
              + body
              + "</body></html>");
    }
    return pages;
  }

  private static int utf8Length(CharSequence s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
    }
    return n;
  }

  /** Phrases of the built-in lexicons or of an e2guardian list, padded with variants to 5,000. */
  static List<String> baselineLexicon(Path e2guardian) throws IOException {
    Set<String> base = new LinkedHashSet<>();
    if (e2guardian != null) {
      Matcher m = Pattern.compile("<([^<>]+)>").matcher(Files.readString(e2guardian));
      while (m.find()) {
        String phrase = m.group(1).strip();
        if (!phrase.isEmpty() && !phrase.matches("-?\\d+")) {
          base.add(phrase.toLowerCase(Locale.ROOT));
        }
      }
    } else {
      for (String resource : List.of("lexicons/zh.txt", "lexicons/en.txt")) {
        for (String line : resource(resource).split("\n")) {
          String[] fields = line.split("\t");
          if (line.startsWith("#") || fields.length != 4) {
            continue;
          }
          for (String part : fields[3].split("\\s+(\\+|~\\d+)\\s+")) {
            base.add(part.strip().replace("*", "").toLowerCase(Locale.ROOT));
          }
        }
      }
    }
    List<String> lexicon = new ArrayList<>(base);
    List<String> seeds = List.copyOf(base);
    for (int a = 0; lexicon.size() < LEXICON_SIZE && a < AFFIXES.length * 2; a++) {
      for (String seed : seeds) {
        if (lexicon.size() >= LEXICON_SIZE) {
          break;
        }
        String affix = AFFIXES[a % AFFIXES.length];
        String variant = a < AFFIXES.length ? seed + affix : affix + seed;
        if (!lexicon.contains(variant)) {
          lexicon.add(variant);
        }
      }
    }
    return List.copyOf(lexicon.subList(0, Math.min(LEXICON_SIZE, lexicon.size())));
  }

  private static String resource(String name) {
    try (InputStream in = ClassifierBench.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
