package org.sitewatch.classifier.keywords;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sitewatch.classifier.page.Category;
import org.sitewatch.common.digest.Sha256;
import org.sitewatch.common.text.BoundedFiles;

/**
 * The keyword rules in force: the built-in lexicons shipped under {@code lexicons/} on the class
 * path, overlaid by an optional extra file in the same format (same id replaces, weight 0
 * disables). The format is documented at the top of each built-in file.
 */
public final class Lexicon {
  /**
   * A lexicon's text beyond this many bytes is refused, from a file or the lexicon topic (the
   * built-in lexicons are about 30 KB).
   */
  public static final int MAX_BYTES = 4 * 1024 * 1024;

  static final List<String> BUILT_IN = List.of("lexicons/zh.txt", "lexicons/en.txt");

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
  private static final Pattern AND = Pattern.compile("\\s+\\+\\s+");
  private static final Pattern NEAR = Pattern.compile("\\s+~(\\d{1,3})\\s+");

  private final List<LexiconRule> rules;
  private final String version;

  private Lexicon(List<LexiconRule> rules, String version) {
    this.rules = List.copyOf(rules);
    this.version = version;
  }

  public List<LexiconRule> rules() {
    return rules;
  }

  public String version() {
    return version;
  }

  /**
   * The text of a lexicon file, read only up to {@link #MAX_BYTES} + 1 bytes.
   *
   * @throws IOException if it cannot be read or is not UTF-8
   * @throws IllegalArgumentException naming the file if it is larger than {@link #MAX_BYTES}
   */
  public static String readFile(Path file) throws IOException {
    BoundedFiles.Head head = BoundedFiles.head(file, MAX_BYTES);
    if (head.truncated()) {
      throw new IllegalArgumentException(
          "lexicon file " + file + " is larger than " + MAX_BYTES + " bytes");
    }
    return head.utf8();
  }

  /** Loads the built-in lexicons and, if given, the extra file on top of them. */
  public static Lexicon load(Optional<Path> extraFile) {
    return load(extraFile, Map.of());
  }

  /**
   * Loads the built-in lexicons, then the extra file, then the live lexicons (operator lexicons
   * published on the lexicon topic) in name order; each later layer adds rules, replaces rules with
   * the same id, or disables them with weight 0.
   *
   * @throws IllegalArgumentException naming the source and line of the first bad rule
   */
  public static Lexicon load(Optional<Path> extraFile, Map<String, String> live) {
    MessageDigest sha = Sha256.newDigest();
    Map<String, LexiconRule> byId = new LinkedHashMap<>();
    for (String resource : BUILT_IN) {
      String text = readResource(resource);
      sha.update(text.getBytes(StandardCharsets.UTF_8));
      for (LexiconRule rule : parse(resource, text)) {
        if (byId.putIfAbsent(rule.id(), rule) != null) {
          throw new IllegalArgumentException(
              rule.origin() + ": duplicate rule id '" + rule.id() + "'");
        }
      }
    }
    // the context cues change how rules count, so they are part of the version
    sha.update(readResource(MatchContext.RESOURCE).getBytes(StandardCharsets.UTF_8));
    String prefix = "builtin-";
    if (extraFile.isPresent()) {
      Path file = extraFile.get();
      String text;
      try {
        text = readFile(file);
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read lexicon file " + file + ": " + e, e);
      }
      overlay(file.toString(), text, byId, sha);
      prefix = "custom-";
    }
    for (Map.Entry<String, String> e : new TreeMap<>(live).entrySet()) {
      sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
      overlay(liveSource(e.getKey()), e.getValue(), byId, sha);
      prefix = "live-";
    }
    List<LexiconRule> active = new ArrayList<>();
    for (LexiconRule rule : byId.values()) {
      if (rule.weight() != 0) {
        active.add(rule);
      }
    }
    String hex = Sha256.hex(sha).substring(0, 12);
    return new Lexicon(active, prefix + hex);
  }

  /**
   * Checks one live lexicon ({@code name -> text}) on its own, as {@link #load} would overlay it:
   * every line parses and no rule id appears twice. A live lexicon that passes can join any set of
   * others, since a later layer only adds, replaces or disables rules.
   *
   * @throws IllegalArgumentException naming the lexicon and line of the first bad rule
   */
  public static void checkLive(String name, String text) {
    overlay(liveSource(name), text, new LinkedHashMap<>(), Sha256.newDigest());
  }

  private static String liveSource(String name) {
    return "lexicon topic '" + name + "'";
  }

  private static void overlay(
      String name, String text, Map<String, LexiconRule> byId, MessageDigest sha) {
    sha.update(text.getBytes(StandardCharsets.UTF_8));
    Map<String, LexiconRule> seen = new LinkedHashMap<>();
    for (LexiconRule rule : parse(name, text)) {
      if (seen.putIfAbsent(rule.id(), rule) != null) {
        throw new IllegalArgumentException(
            rule.origin() + ": duplicate rule id '" + rule.id() + "'");
      }
      byId.put(rule.id(), rule);
    }
  }

  /** Parses lexicon text; {@code name} is used in error messages as {@code name:line}. */
  static List<LexiconRule> parse(String name, String text) {
    return parseLines(name, text, Lexicon::parseLine);
  }

  /**
   * The rule lines of a lexicon text (CR, a leading BOM, blank lines and {@code #} comments
   * removed), each parsed with its origin {@code name:line}. Shared by the page and URL lexicons.
   */
  public static <R> List<R> parseLines(
      String name, String text, java.util.function.BiFunction<String, String, R> parseLine) {
    List<R> rules = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line =
          lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      if (i == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      }
      rules.add(parseLine.apply(name + ":" + (i + 1), line));
    }
    return rules;
  }

  /** Parses one rule line; {@code origin} ({@code file:line}) names it in error messages. */
  static LexiconRule parseLine(String origin, String line) {
    String[] fields = line.split("\t", -1);
    if (fields.length != 4) {
      throw bad(
          origin,
          "expected 4 TAB-separated fields (id, category, weight, phrase), found " + fields.length);
    }
    String id = fields[0].strip();
    if (!ID.matcher(id).matches()) {
      throw bad(origin, "rule id '" + id + "' must match " + ID.pattern());
    }
    Category category =
        Category.byLabel(fields[1].strip())
            .orElseThrow(() -> bad(origin, "unknown category '" + fields[1].strip() + "'"));
    double weight;
    try {
      weight = Double.parseDouble(fields[2].strip());
    } catch (NumberFormatException e) {
      throw bad(origin, "weight '" + fields[2].strip() + "' is not a number");
    }
    if (!Double.isFinite(weight) || Math.abs(weight) > 10) {
      throw bad(origin, "weight must be within [-10, 10]");
    }
    if (category.negative() ? weight > 0 : weight < 0) {
      throw bad(
          origin,
          "category "
              + category.label()
              + " needs a "
              + (category.negative() ? "negative" : "positive")
              + " weight");
    }
    String phrase = fields[3].strip();
    if (phrase.isEmpty()) {
      throw bad(origin, "empty phrase");
    }
    List<String> parts = new ArrayList<>();
    int within = 0;
    Matcher near = NEAR.matcher(phrase);
    String[] split;
    if (near.find()) {
      within = Integer.parseInt(near.group(1));
      if (within < 1 || within > LexiconRule.MAX_WITHIN) {
        throw bad(
            origin,
            "distance ~" + near.group(1) + " must be in [1, " + LexiconRule.MAX_WITHIN + "]");
      }
      while (near.find()) {
        if (Integer.parseInt(near.group(1)) != within) {
          throw bad(origin, "one distance per rule in '" + phrase + "'");
        }
      }
      if (AND.matcher(phrase).find()) {
        throw bad(origin, "'+' and '~N' cannot be mixed in '" + phrase + "'");
      }
      split = NEAR.split(phrase);
    } else {
      split = AND.split(phrase);
    }
    for (String part : split) {
      String p = part.strip();
      if (p.isEmpty() || p.equals("+") || p.startsWith("~")) {
        throw bad(origin, "empty part in co-occurrence '" + phrase + "'");
      }
      parts.add(p);
    }
    if (within > 0 && parts.size() < 2) {
      throw bad(origin, "'~N' needs a phrase on each side in '" + phrase + "'");
    }
    return new LexiconRule(id, category, weight, parts, within, origin);
  }

  public static IllegalArgumentException bad(String origin, String message) {
    return new IllegalArgumentException("bad lexicon line " + origin + ": " + message);
  }

  public static String readResource(String resource) {
    try (InputStream in = Lexicon.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("built-in lexicon missing from class path: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read built-in lexicon " + resource, e);
    }
  }
}
