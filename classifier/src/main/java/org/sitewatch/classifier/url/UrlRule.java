package org.sitewatch.classifier.url;

import java.util.List;
import java.util.Objects;
import org.sitewatch.classifier.page.Category;

/**
 * One line of the URL lexicon ({@code lexicons/url.txt}; format in its header).
 *
 * @param id stable rule id, reported as the signal id
 * @param category a page category label, {@code prior} or {@code neutral}
 * @param weight logit contribution of one match ({@code 0} for neutral words)
 * @param parts what must match; several parts means all of them (co-occurrence)
 * @param origin {@code file:line}, for error messages
 */
record UrlRule(String id, String category, double weight, List<Part> parts, String origin) {
  static final String PRIOR = "prior";
  static final String NEUTRAL = "neutral";

  /** How a part is matched against an address. */
  enum Kind {
    /** A whole chunk, or a segment of a chunk (see the lexicon header). */
    WORD,
    /** A whole chunk only. */
    CHUNK,
    /** A substring of any chunk. */
    SUBSTRING,
    /** The start of a chunk. */
    CHUNK_START,
    /** The end of a chunk. */
    CHUNK_END,
    /** A label of the public suffix. */
    PUBLIC_SUFFIX,
    /** A built-in feature of the address, e.g. {@code digit-host}. */
    FEATURE
  }

  /** One pattern: its kind and its lower-case text (without the marker characters). */
  record Part(Kind kind, String text) {
    Part {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(text, "text");
      if (text.isEmpty()) {
        throw new IllegalArgumentException("empty pattern");
      }
    }

    /** Substring, start and end patterns: matched on a chunk's text, without segmentation. */
    boolean chunkPattern() {
      return kind == Kind.SUBSTRING || kind == Kind.CHUNK_START || kind == Kind.CHUNK_END;
    }

    /**
     * Short and positional patterns (1-2 letter words, numbers, chunk starts and ends, whole
     * chunks) are read in the host name only: paths and queries are full of {@code nav=}, {@code
     * /se/}, {@code /18/}.
     */
    boolean hostOnly() {
      return kind == Kind.CHUNK_START
          || kind == Kind.CHUNK_END
          || kind == Kind.CHUNK
          || (kind == Kind.WORD && (text.length() <= 2 || allDigits(text)));
    }

    // a loop, not chars().allMatch: asked for every rule of every scored address
    private static boolean allDigits(String text) {
      for (int i = 0; i < text.length(); i++) {
        if (!Character.isDigit((int) text.charAt(i))) {
          return false;
        }
      }
      return true;
    }

    /** Words and substrings are dictionary entries for the segmenter. */
    boolean segmenterWord() {
      return kind != Kind.PUBLIC_SUFFIX && kind != Kind.FEATURE;
    }
  }

  UrlRule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(category, "category");
    parts = List.copyOf(parts);
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("a rule needs a pattern");
    }
    Objects.requireNonNull(origin, "origin");
  }

  boolean neutral() {
    return NEUTRAL.equals(category);
  }

  boolean minors() {
    return Category.MINORS.label().equals(category);
  }

  boolean explicit() {
    return Category.EXPLICIT.label().equals(category);
  }
}
