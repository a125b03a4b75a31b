package org.sitewatch.classifier.keywords;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.apache.lucene.analysis.Analyzer;
import org.sitewatch.classifier.page.Category;
import org.sitewatch.classifier.page.Scoring;
import org.sitewatch.common.text.BoundedLines;

/**
 * Converts e2guardian (DansGuardian) weighted phrase lists into the lexicon format, so that
 * existing filter users can bring their lists; the result is reviewable text for an extra lexicon
 * file.
 *
 * <h2>What is converted</h2>
 *
 * <ul>
 *   <li>{@code <phrase><weight>}: e2guardian matches a substring. A single Latin word becomes a
 *       prefix rule ({@code <porn><80>} → {@code porn*}), the closest our word tokens allow; a
 *       phrase of several words, a Chinese phrase, or a word bounded on the right becomes a phrase
 *       rule.
 *   <li>{@code < phrase ><weight>} (spaces inside the brackets, e2guardian's whole-word form): a
 *       phrase rule, whole words; a word bounded only on the left ({@code < sex>}) becomes a prefix
 *       rule.
 *   <li>{@code <a>,<b>,<c><weight>} (all parts somewhere on the page): {@code a + b + c}.
 *   <li>Negative weights become {@code negative-context} rules; positive weights take the category
 *       asked for ({@code explicit} by default).
 *   <li>{@code #} comments and blank lines are ignored; {@code .Include<...>} lines, weight 0,
 *       trailing text, phrases that analyse to nothing or to a single Chinese character, and text
 *       that is not UTF-8 are reported as skipped, with their line numbers.
 * </ul>
 *
 * <h2>Weights</h2>
 *
 * e2guardian blocks a page when the sum of its phrase weights reaches the naughtiness limit, 60 by
 * default. Our page score is {@code logistic(-4 + sum)} and a page is flagged at 0.5, that is at a
 * sum of 4. So a weight {@code w} becomes {@code w * 4 / 60 = w / 15} (rounded to 0.01, at least
 * 0.01 in size, at most 10): a phrase of weight 60 alone brings a page to the threshold, as it
 * would in e2guardian; 80 becomes 5.33, 15 becomes 1.0, -30 becomes -2.0. Our per-category caps
 * (explicit 6, negative-context -8) and the per-rule count factor (1, 1.5, 2) still apply, so many
 * small phrases add up more slowly than in e2guardian, and a repeated phrase counts at most twice.
 *
 * <h2>Ids</h2>
 *
 * {@code e2g.<slug>}: the phrase in lower-case ASCII with other characters as {@code -}, parts of a
 * combination joined by {@code .}; a phrase without ASCII letters or digits (Chinese) gets a CRC-32
 * of its text instead; repeated slugs get {@code -2}, {@code -3}.
 */
public final class LexiconImport {
  /** e2guardian's default naughtiness limit. */
  static final int E2G_PAGE_LIMIT = 60;

  private static final Pattern INCLUDE =
      Pattern.compile("^\\.include\\s*<.*", Pattern.CASE_INSENSITIVE);
  private static final Pattern LINE =
      Pattern.compile("^((?:<[^<>]*>\\s*,\\s*)*<[^<>]*>)\\s*<\\s*([+-]?\\d{1,6})\\s*>\\s*(.*)$");
  private static final Pattern PART = Pattern.compile("<([^<>]*)>");
  private static final Pattern OUR_OPERATORS = Pattern.compile("\\s\\+\\s|\\s~\\d+\\s|\\t");
  private static final Pattern SINGLE_LATIN_WORD = Pattern.compile("[a-z][a-z0-9]{2,}");

  private LexiconImport() {}

  /**
   * The outcome of one import.
   *
   * @param lexicon the converted rules in the lexicon format, with a header naming the source
   * @param converted how many rules {@code lexicon} holds
   * @param skipped one entry per line that could not be converted: {@code line N: text: reason}
   */
  public record ImportResult(String lexicon, int converted, List<String> skipped) {
    public ImportResult {
      Objects.requireNonNull(lexicon, "lexicon");
      if (converted < 0) {
        throw new IllegalArgumentException("converted must be >= 0: " + converted);
      }
      skipped = List.copyOf(skipped);
    }
  }

  /** Converts {@code file} (UTF-8); positive weights become {@code explicit} rules. */
  public static ImportResult fromE2guardian(Path file) {
    return fromE2guardian(file, Category.EXPLICIT.label());
  }

  /**
   * Converts {@code file} (UTF-8); positive weights become rules of {@code category}.
   *
   * @throws IllegalArgumentException when {@code category} is unknown or is {@code
   *     negative-context}
   * @throws UncheckedIOException when the file cannot be read
   */
  public static ImportResult fromE2guardian(Path file, String category) {
    Objects.requireNonNull(file, "file");
    try (Reader reader =
        new InputStreamReader(
            Files.newInputStream(file),
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE))) {
      return fromE2guardian(reader, file.getFileName().toString(), category);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Converts an e2guardian weighted phrase list read from {@code reader}; positive weights become
   * rules of {@code category}, and {@code sourceName} is recorded in the header and in rule
   * origins.
   *
   * @throws IllegalArgumentException when {@code category} is unknown or is {@code
   *     negative-context}, or naming {@code sourceName:line} for a line longer than {@link
   *     BoundedLines#MAX_LINE} chars, more than {@link BoundedLines#MAX_LINES} lines or {@link
   *     BoundedLines#MAX_CHARS} chars, or a converted lexicon larger than {@link Lexicon#MAX_BYTES}
   *     bytes (which publish and the classifiers would refuse)
   * @throws UncheckedIOException when reading fails
   */
  public static ImportResult fromE2guardian(Reader reader, String sourceName, String category) {
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(sourceName, "sourceName");
    Category positive =
        Category.byLabel(category)
            .orElseThrow(() -> new IllegalArgumentException("unknown category '" + category + "'"));
    if (positive.negative()) {
      throw new IllegalArgumentException(
          "positive weights need a positive category, not " + category);
    }
    StringBuilder out = new StringBuilder();
    out.append("# Converted from the e2guardian weighted phrase list ")
        .append(oneLine(sourceName))
        .append(".\n")
        .append("# Weights: e2guardian weight / 15 (its page limit ")
        .append(E2G_PAGE_LIMIT)
        .append(" maps to our threshold, a logit sum of 4).\n")
        .append("# Positive weights: ")
        .append(positive.label())
        .append("; negative weights: negative-context. Review before use.\n");
    List<String> skipped = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    int converted = 0;
    // bounded as every operator file is (BoundedLines): an overlong line, an endless file or one of
    // more than MAX_CHARS chars stops the import naming source:line; a list without line breaks is
    // never held whole; and the output stops at what publish and the classifiers accept
    long outBytes = utf8Length(out);
    try (BoundedLines lines =
            BoundedLines.of(
                reader,
                sourceName,
                BoundedLines.MAX_LINE,
                BoundedLines.MAX_LINES,
                BoundedLines.MAX_CHARS);
        Analyzer analyzer = TextAnalysis.forPages()) {
      String raw;
      while ((raw = lines.next()) != null) {
        int number = lines.lineNumber();
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String where = "line " + number + ": " + oneLine(line) + ": ";
        String rule;
        try {
          rule = convert(line, positive, ids, sourceName + ":" + number, analyzer);
        } catch (IllegalArgumentException e) {
          skipped.add(where + e.getMessage());
          continue;
        }
        outBytes += utf8Length(rule) + 1;
        if (outBytes > Lexicon.MAX_BYTES) {
          throw new IllegalArgumentException(
              lines.where()
                  + "the converted lexicon would be larger than "
                  + Lexicon.MAX_BYTES
                  + " bytes, which lexicon publish and the classifiers refuse; split the list");
        }
        out.append(rule).append('\n');
        converted++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + sourceName, e);
    }
    return new ImportResult(out.toString(), converted, skipped);
  }

  private static long utf8Length(CharSequence text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  private static String convert(
      String line, Category positive, Set<String> ids, String origin, Analyzer analyzer) {
    if (INCLUDE.matcher(line).matches()) {
      throw new IllegalArgumentException("include not followed (convert the included file too)");
    }
    if (line.indexOf('\uFFFD') >= 0) {
      throw new IllegalArgumentException("not UTF-8 text");
    }
    Matcher m = LINE.matcher(line);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a weighted phrase line <phrase><weight>");
    }
    String rest = m.group(3).strip();
    if (!rest.isEmpty() && !rest.startsWith("#")) {
      throw new IllegalArgumentException("unexpected text after the weight: '" + rest + "'");
    }
    int e2gWeight = Integer.parseInt(m.group(2));
    if (e2gWeight == 0) {
      throw new IllegalArgumentException("weight 0 has no effect");
    }
    List<String> phrases = new ArrayList<>();
    List<String> slugs = new ArrayList<>();
    Matcher part = PART.matcher(m.group(1));
    while (part.find()) {
      String phrase = phrase(part.group(1));
      phrases.add(phrase);
      slugs.add(slug(phrase));
    }
    Category category = e2gWeight < 0 ? Category.NEGATIVE_CONTEXT : positive;
    double weight = weight(e2gWeight);
    String id = uniqueId("e2g." + String.join(".", slugs), ids);
    String text = id + "\t" + category.label() + "\t" + weight + "\t" + String.join(" + ", phrases);
    KeywordDetector.check(analyzer, Lexicon.parseLine(origin, text));
    return text;
  }

  /** One bracketed e2guardian phrase in our syntax; spaces inside the brackets bound words. */
  private static String phrase(String e2g) {
    boolean boundedLeft = e2g.startsWith(" ");
    boolean boundedRight = e2g.endsWith(" ");
    String phrase = e2g.strip().replaceAll("\\s+", " ");
    if (phrase.isEmpty()) {
      throw new IllegalArgumentException("empty phrase");
    }
    if (OUR_OPERATORS.matcher(" " + phrase + " ").find() || phrase.endsWith("*")) {
      throw new IllegalArgumentException(
          "phrase '"
              + phrase
              + "' contains an operator of our format (' + ', ' ~N ', a trailing '*')");
    }
    String lower = phrase.toLowerCase(Locale.ROOT);
    if (!boundedRight && SINGLE_LATIN_WORD.matcher(lower).matches()) {
      // e2guardian matches inside words; a prefix is the nearest a word index can do
      return lower + "*";
    }
    return lower;
  }

  /** e2guardian weight to our logit contribution: its page limit maps to our threshold. */
  static double weight(int e2gWeight) {
    double scaled = e2gWeight * -Scoring.BIAS / E2G_PAGE_LIMIT;
    double rounded = Math.round(scaled * 100) / 100.0;
    if (rounded == 0) {
      rounded = Math.copySign(0.01, e2gWeight);
    }
    return Math.max(-10, Math.min(10, rounded));
  }

  private static String slug(String phrase) {
    String ascii =
        phrase.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (ascii.isEmpty() || phrase.codePoints().anyMatch(Character::isIdeographic)) {
      CRC32 crc = new CRC32();
      crc.update(phrase.getBytes(StandardCharsets.UTF_8));
      String hash = String.format(Locale.ROOT, "%08x", crc.getValue());
      return ascii.isEmpty() ? "x" + hash : ascii + "-" + hash;
    }
    return ascii.length() > 40 ? ascii.substring(0, 40).replaceAll("-+$", "") : ascii;
  }

  private static String uniqueId(String base, Set<String> ids) {
    String id = base.length() > 90 ? base.substring(0, 90).replaceAll("[.-]+$", "") : base;
    String candidate = id;
    for (int n = 2; !ids.add(candidate); n++) {
      candidate = id + "-" + n;
    }
    return candidate;
  }

  private static String oneLine(String s) {
    String flat = s.replaceAll("[\\r\\n\\t]", " ");
    return flat.length() > 120 ? flat.substring(0, 120) + "…" : flat;
  }
}
