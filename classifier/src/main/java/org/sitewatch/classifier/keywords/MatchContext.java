package org.sitewatch.classifier.keywords;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.sitewatch.classifier.page.Category;

/**
 * Whether an adult term is offered to the visitor or is the object of blocking, reporting,
 * prosecuting, treating or defining: the words in a window of tokens before and after each match
 * (the cues of {@code lexicons/context.txt}), read in the same sentence, and the genre of the page
 * (a filter product, a reporting form, a legal text, a dictionary, a medical page) when two of its
 * markers occur. Explicit, solicitation and live-video matches are read so; minors matches are not
 * (see {@link #discountable}). A match next to a cue is discounted: {@link KeywordDetector} lists
 * it under {@link Category#DISCOUNTED} with weight 0 and the cue in its snippet, so the page still
 * shows the term and why it did not count.
 *
 * <p>An offer cue ({@code watch}, {@code 免费}) closer to the match than the nearest cue keeps the
 * match counted: "block ads, watch porn free" offers. A cancel cue undoes the cue it touches
 * ({@code 防屏蔽}, {@code bypass ... filter}): a page that evades filters is not fighting what they
 * block. Cues never add weight by themselves, so a page that mimics a genre gains nothing for the
 * terms it offers away from the cues.
 *
 * <p>Cost: the cues are terms of the page's in-memory index like the rules' terms, found once per
 * page and only when a rule that can be discounted matched; each match then looks at the few cues
 * whose positions fall in its window (a binary search) and at most {@link #MAX_GAP_CHARS}
 * characters of text between them.
 */
final class MatchContext {
  static final String RESOURCE = "lexicons/context.txt";

  /** Tokens before a match in which a cue counts (a Chinese character is one token). */
  static final int BEFORE = 12;

  /** Tokens after a match in which a cue counts ({@code 色情网站拦截}, {@code porn blocker}). */
  static final int AFTER = 6;

  /** On a page of a recognised genre every window is this many times longer. */
  static final int GENRE_FACTOR = 2;

  /** A cancel cue undoes a cue that starts at most this many tokens after it ends. */
  static final int CANCEL_REACH = 3;

  /** Distinct markers of one genre that make the page that genre. */
  static final int GENRE_MARKERS = 2;

  /** A cue and a match further apart than this in the text are not read together. */
  static final int MAX_GAP_CHARS = 200;

  /**
   * Cue occurrences looked at per page and role: a page stuffed with cues of one role (block cues,
   * say) cannot crowd out the offer and cancel cues that keep its matches counted. At most this
   * times the number of roles per page.
   */
  static final int MAX_CUES_PER_ROLE = 1_000;

  /** What a cue does. */
  enum Role {
    BLOCK("blocking"),
    REPORT("reporting"),
    PROSECUTE("prosecution"),
    TREAT("treatment"),
    DEFINE("definition"),
    /** Offers the term to the visitor: closer than the nearest cue, it keeps the match counted. */
    OFFER("offer"),
    CANCEL("cancel"),
    GENRE("genre");

    private final String reading;

    Role(String reading) {
      this.reading = reading;
    }

    /** How a discounted snippet names the role: "object of blocking". */
    String reading() {
      return reading;
    }
  }

  /** The page genres that have markers. */
  static final Set<String> GENRES = Set.of("filter", "report", "legal", "dictionary", "medical");

  /**
   * One line of the cue file.
   *
   * @param genre the genre a {@link Role#GENRE} marker points to, else empty
   */
  record Cue(Role role, String genre, String phrase, String origin) {
    Cue {
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(genre, "genre");
      Objects.requireNonNull(phrase, "phrase");
      Objects.requireNonNull(origin, "origin");
    }
  }

  /** A cue found on the page. */
  record Found(Cue cue, Occurrence at) {}

  private MatchContext() {}

  /** The built-in cues. */
  static List<Cue> builtIn() {
    return parse(RESOURCE, Lexicon.readResource(RESOURCE));
  }

  /**
   * Parses cue text ({@code role<TAB>phrase} per line).
   *
   * @throws IllegalArgumentException naming {@code name:line} of the first bad line
   */
  static List<Cue> parse(String name, String text) {
    return Lexicon.parseLines(name, text, MatchContext::parseLine);
  }

  private static Cue parseLine(String origin, String line) {
    String[] fields = line.split("\t", -1);
    if (fields.length != 2) {
      throw Lexicon.bad(
          origin, "expected 2 TAB-separated fields (role, phrase), found " + fields.length);
    }
    String role = fields[0].strip().toLowerCase(Locale.ROOT);
    String phrase = fields[1].strip();
    if (phrase.isEmpty()) {
      throw Lexicon.bad(origin, "empty phrase");
    }
    if (role.startsWith("genre:")) {
      String genre = role.substring("genre:".length());
      if (!GENRES.contains(genre)) {
        throw Lexicon.bad(origin, "unknown genre '" + genre + "', expected one of " + GENRES);
      }
      return new Cue(Role.GENRE, genre, phrase, origin);
    }
    for (Role r : Role.values()) {
      if (r != Role.GENRE && r.name().toLowerCase(Locale.ROOT).equals(role)) {
        return new Cue(r, "", phrase, origin);
      }
    }
    throw Lexicon.bad(origin, "unknown role '" + role + "'");
  }

  /**
   * Whether matches of rules in {@code category} are read in context. Minors matches never are: a
   * discounted hit has category {@code discounted}, and a minors term on a page whose explicit
   * terms count must stay a minors signal, which the lead's priority reads (its MINORS flag makes
   * the lead critical). Scoring already drops minors signals on pages where no explicit signal
   * counts, so a filter page that blocks such terms gains nothing from them.
   */
  static boolean discountable(Category category) {
    return switch (category) {
      case EXPLICIT, SOLICITATION, LIVE_VIDEO -> true;
      default -> false;
    };
  }

  /** The cues of one page, ready to be asked about matches. */
  static final class OnPage {
    private final String text;
    private final List<Found> cues;
    private final String genre;
    private final int before;
    private final int after;

    /** {@code found}: every cue occurrence on the page, of every role. */
    OnPage(String text, List<Found> found) {
      this.text = text;
      List<Found> cancels = new ArrayList<>();
      Map<String, Set<String>> markers = new java.util.TreeMap<>();
      List<Found> active = new ArrayList<>();
      for (Found f : found) {
        switch (f.cue().role()) {
          case CANCEL -> cancels.add(f);
          case GENRE ->
              markers.computeIfAbsent(f.cue().genre(), g -> new HashSet<>()).add(f.cue().phrase());
          default -> active.add(f);
        }
      }
      cancels.sort(Comparator.comparingInt(f -> f.at().startPos()));
      active.removeIf(f -> cancelled(f.at(), cancels));
      active.sort(Comparator.comparingInt(f -> f.at().startPos()));
      this.cues = active;
      String best = null;
      int most = GENRE_MARKERS - 1;
      for (Map.Entry<String, Set<String>> e : markers.entrySet()) {
        if (e.getValue().size() > most) {
          most = e.getValue().size();
          best = e.getKey();
        }
      }
      this.genre = best;
      int factor = best == null ? 1 : GENRE_FACTOR;
      this.before = BEFORE * factor;
      this.after = AFTER * factor;
    }

    /** The page's genre, when two of its markers occur. */
    Optional<String> genre() {
      return Optional.ofNullable(genre);
    }

    private static boolean cancelled(Occurrence cue, List<Found> cancels) {
      // cancels sorted by start: the ones that start after the cue cannot touch it
      for (Found c : cancels) {
        Occurrence at = c.at();
        if (at.startPos() > cue.endPos()) {
          return false;
        }
        if (cue.startPos() - at.endPos() <= CANCEL_REACH) {
          return true;
        }
      }
      return false;
    }

    /**
     * Why {@code match} does not count, e.g. {@code object of blocking '拦截'}, or empty when no cue
     * is in its window in the same sentence.
     */
    Optional<String> reason(Occurrence match) {
      Found best = null;
      int bestDistance = Integer.MAX_VALUE;
      int offerDistance = Integer.MAX_VALUE;
      for (int i = firstFrom(match.startPos() - before - 16); i < cues.size(); i++) {
        Found f = cues.get(i);
        Occurrence cue = f.at();
        if (cue.startPos() > match.endPos() + after) {
          break;
        }
        int distance;
        if (cue.endPos() < match.startPos()) {
          distance = match.startPos() - cue.endPos();
          if (distance > before || !sameSentence(cue.end(), match.start())) {
            continue;
          }
        } else if (cue.startPos() > match.endPos()) {
          distance = cue.startPos() - match.endPos();
          if (distance > after || !sameSentence(match.end(), cue.start())) {
            continue;
          }
        } else {
          continue; // the cue is part of the match (防屏蔽 is a rule of its own)
        }
        if (f.cue().role() == Role.OFFER) {
          offerDistance = Math.min(offerDistance, distance);
        } else if (distance < bestDistance) {
          bestDistance = distance;
          best = f;
        }
      }
      if (best == null || offerDistance < bestDistance) {
        return Optional.empty();
      }
      return Optional.of(
          "object of "
              + best.cue().role().reading()
              + " '"
              + best.cue().phrase()
              + "'"
              + (genre == null ? "" : " on a " + genre + " page"));
    }

    /** The first cue that starts at or after {@code position}. */
    private int firstFrom(int position) {
      int lo = 0;
      int hi = cues.size();
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (cues.get(mid).at().startPos() < position) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }

    /** No sentence end between {@code from} and {@code to}, and they are close in the text. */
    private boolean sameSentence(int from, int to) {
      if (to < from) {
        return true;
      }
      if (to - from > MAX_GAP_CHARS) {
        return false;
      }
      for (int i = from; i < to; i++) {
        char c = text.charAt(i);
        switch (c) {
          case '。', '！', '？', '；', '!', '?', ';', '|', '｜', '\n' -> {
            return false;
          }
          case '.' -> {
            if (i + 1 >= text.length() || Character.isWhitespace(text.charAt(i + 1))) {
              return false;
            }
          }
          default -> {}
        }
      }
      return true;
    }
  }
}
