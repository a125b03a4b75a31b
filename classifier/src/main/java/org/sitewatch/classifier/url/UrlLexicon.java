package org.sitewatch.classifier.url;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.sitewatch.classifier.keywords.Lexicon;
import org.sitewatch.classifier.page.Category;
import org.sitewatch.common.digest.Sha256;

/**
 * The URL token rules: {@code lexicons/url.txt} on the class path, format documented in its header.
 * Parsed once; a malformed line fails the load naming {@code file:line}.
 */
final class UrlLexicon {
  static final String BUILT_IN = "lexicons/url.txt";
  static final Set<String> FEATURES = Set.of("digit-host");

  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
  private static final Pattern TEXT =
      Pattern.compile("[a-z0-9]+|[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}]+");
  private static final Pattern AND = Pattern.compile("\\s+\\+\\s+");

  private final List<UrlRule> rules;
  private final String version;

  private UrlLexicon(List<UrlRule> rules, String version) {
    this.rules = List.copyOf(rules);
    this.version = version;
  }

  List<UrlRule> rules() {
    return rules;
  }

  /** {@code url-builtin-} and 12 hex digits of the file's SHA-256. */
  String version() {
    return version;
  }

  static UrlLexicon builtIn() {
    String text = Lexicon.readResource(BUILT_IN);
    return new UrlLexicon(parse(BUILT_IN, text), "url-builtin-" + Sha256.shortHex(text, 12));
  }

  static List<UrlRule> parse(String name, String text) {
    List<UrlRule> rules = Lexicon.parseLines(name, text, UrlLexicon::parseLine);
    Set<String> ids = new HashSet<>();
    for (UrlRule rule : rules) {
      if (!ids.add(rule.id())) {
        throw Lexicon.bad(rule.origin(), "duplicate rule id '" + rule.id() + "'");
      }
    }
    return rules;
  }

  private static UrlRule parseLine(String origin, String line) {
    String[] fields = line.split("\t", -1);
    if (fields.length != 4) {
      throw Lexicon.bad(
          origin,
          "expected 4 TAB-separated fields (id, category, weight, pattern),"
              + " found "
              + fields.length);
    }
    String id = fields[0].strip();
    if (!ID.matcher(id).matches()) {
      throw Lexicon.bad(origin, "rule id '" + id + "' must match " + ID.pattern());
    }
    String category = fields[1].strip();
    double weight;
    try {
      weight = Double.parseDouble(fields[2].strip());
    } catch (NumberFormatException e) {
      throw Lexicon.bad(origin, "weight '" + fields[2].strip() + "' is not a number");
    }
    if (!Double.isFinite(weight) || Math.abs(weight) > 10) {
      throw Lexicon.bad(origin, "weight must be within [-10, 10]");
    }
    checkSign(origin, category, weight);
    List<UrlRule.Part> parts = new ArrayList<>();
    for (String part : AND.split(fields[3].strip(), -1)) {
      parts.add(parsePart(origin, part.strip()));
    }
    if (UrlRule.NEUTRAL.equals(category)
        && (parts.size() != 1 || parts.get(0).kind() != UrlRule.Kind.WORD)) {
      throw Lexicon.bad(origin, "a neutral rule is one plain word");
    }
    return new UrlRule(id, category, weight, parts, origin);
  }

  private static void checkSign(String origin, String category, double weight) {
    switch (category) {
      case UrlRule.NEUTRAL -> {
        if (weight != 0) {
          throw Lexicon.bad(origin, "a neutral rule has weight 0");
        }
      }
      case UrlRule.PRIOR -> {}
      default -> {
        Category c =
            Category.byLabel(category)
                .orElseThrow(() -> Lexicon.bad(origin, "unknown category '" + category + "'"));
        if (c.negative() ? weight > 0 : weight < 0) {
          throw Lexicon.bad(
              origin,
              "category "
                  + category
                  + " needs a "
                  + (c.negative() ? "negative" : "positive")
                  + " weight");
        }
      }
    }
  }

  private static UrlRule.Part parsePart(String origin, String pattern) {
    UrlRule.Kind kind;
    String text;
    if (pattern.length() > 2 && pattern.startsWith("*") && pattern.endsWith("*")) {
      kind = UrlRule.Kind.SUBSTRING;
      text = pattern.substring(1, pattern.length() - 1);
    } else if (pattern.length() > 1 && pattern.startsWith("*")) {
      kind = UrlRule.Kind.CHUNK_END;
      text = pattern.substring(1);
    } else if (pattern.length() > 1 && pattern.endsWith("*")) {
      kind = UrlRule.Kind.CHUNK_START;
      text = pattern.substring(0, pattern.length() - 1);
    } else if (pattern.startsWith("=")) {
      kind = UrlRule.Kind.CHUNK;
      text = pattern.substring(1);
    } else if (pattern.startsWith(".")) {
      kind = UrlRule.Kind.PUBLIC_SUFFIX;
      text = pattern.substring(1);
    } else if (pattern.startsWith("#")) {
      kind = UrlRule.Kind.FEATURE;
      text = pattern.substring(1);
      if (!FEATURES.contains(text)) {
        throw Lexicon.bad(origin, "unknown feature '" + pattern + "', known: " + FEATURES);
      }
      return new UrlRule.Part(kind, text);
    } else {
      kind = UrlRule.Kind.WORD;
      text = pattern;
    }
    if (!TEXT.matcher(text).matches()) {
      throw Lexicon.bad(
          origin,
          "pattern '"
              + pattern
              + "' must be lower-case letters and digits"
              + " (or Chinese / Japanese characters), optionally marked *x*, *x, x*, =x, .x or #x");
    }
    return new UrlRule.Part(kind, text);
  }
}
