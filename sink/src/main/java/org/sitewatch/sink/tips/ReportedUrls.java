package org.sitewatch.sink.tips;

import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.sitewatch.common.net.IpLiterals;
import org.sitewatch.common.net.Sites;
import org.sitewatch.common.net.SpecialAddresses;
import org.sitewatch.events.CrawlRequest;

/**
 * The URLs of a report, checked before anything is recorded: the public site and the hotline form
 * both take them through {@link #check}. A URL without a scheme is read as {@code http://}; only
 * http and https are taken; the host must be a name under a public suffix or a public address (the
 * crawler's address guard decides again when it connects: this is only the first look, without
 * DNS); control and invisible formatting characters, user info and over-long URLs are refused; the
 * same URL given twice counts once. Each problem names the input it was found in, so a form can say
 * which line is wrong.
 */
public final class ReportedUrls {
  /** The most URLs one report may name. */
  public static final int MAX_URLS = 10;

  /** The longest URL taken, in characters (the crawler's own limit). */
  public static final int MAX_LENGTH = CrawlRequest.MAX_URL_LENGTH;

  /** What is wrong with an input; the form shows a message per code. */
  public enum Problem {
    /** No URL was given at all. */
    NONE,
    /** More than {@link #MAX_URLS} distinct URLs. */
    TOO_MANY,
    /** Longer than {@link #MAX_LENGTH}. */
    TOO_LONG,
    /** Control or invisible formatting characters (line breaks, NUL, bidi overrides, ...). */
    CONTROL_CHARACTERS,
    /** Not http or https. */
    SCHEME,
    /** Not a URL that can be read. */
    MALFORMED,
    /** {@code user:password@} before the host: a trick to disguise the real host. */
    USER_INFO,
    /** The host is not a valid public name (no dot, an invalid label, a numeric last label). */
    HOST,
    /** The host is an address that is not public (loopback, private, link-local, ...). */
    ADDRESS
  }

  /**
   * One problem.
   *
   * @param problem what is wrong
   * @param input the input as given (cut to 200 characters, control characters replaced), or empty
   *     when the problem is not one input's
   * @param index the input's position among the inputs, from 0; -1 when not one input's
   */
  public record Rejected(Problem problem, String input, int index) {
    public Rejected {
      Objects.requireNonNull(problem, "problem");
      input = shown(input == null ? "" : input);
    }
  }

  /**
   * A URL that passed.
   *
   * @param url the URL to crawl: http(s), ASCII (punycode host, percent-encoded path), no fragment
   * @param site its site, the partitioning key
   * @param asciiHost the host in ASCII (punycode for an internationalised name)
   * @param unicodeHost the host in Unicode (equal to {@code asciiHost} for an ASCII name): the form
   *     shows both, so that a look-alike name cannot pass unnoticed
   */
  public record Url(String url, String site, String asciiHost, String unicodeHost) {
    /** Whether the host is an internationalised name (its Unicode and ASCII forms differ). */
    public boolean internationalised() {
      return !asciiHost.equals(unicodeHost);
    }
  }

  /**
   * The outcome: the URLs that passed and the problems; a report is taken only without problems.
   */
  public record Result(List<Url> urls, List<Rejected> problems) {
    public Result {
      urls = List.copyOf(urls);
      problems = List.copyOf(problems);
    }

    public boolean ok() {
      return problems.isEmpty() && !urls.isEmpty();
    }

    /** The URLs by site, sites in the order first named. */
    public Map<String, List<Url>> bySite() {
      Map<String, List<Url>> sites = new LinkedHashMap<>();
      for (Url u : urls) {
        sites.computeIfAbsent(u.site(), s -> new ArrayList<>()).add(u);
      }
      return sites;
    }
  }

  private ReportedUrls() {}

  /**
   * Checks the inputs (blank ones are passed over).
   *
   * @param allowPrivateTargets take loopback and private addresses and single-label names (demos
   *     and tests on loopback, as {@code crawler.allow-private-addresses}; other special addresses,
   *     such as link-local and cloud metadata, stay refused)
   */
  public static Result check(List<String> inputs, boolean allowPrivateTargets) {
    List<Rejected> problems = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    List<Url> urls = new ArrayList<>();
    int given = 0;
    for (int i = 0; i < inputs.size(); i++) {
      String raw = inputs.get(i);
      if (raw == null || raw.isBlank()) {
        continue;
      }
      given++;
      Optional<Problem> problem = Optional.empty();
      Url url = null;
      String input = raw.strip();
      if (input.length() > MAX_LENGTH) {
        problem = Optional.of(Problem.TOO_LONG);
      } else if (input.codePoints().anyMatch(ReportedUrls::isControl)) {
        problem = Optional.of(Problem.CONTROL_CHARACTERS);
      } else {
        try {
          url = parse(input, allowPrivateTargets);
        } catch (Refusal r) {
          problem = Optional.of(r.problem);
        }
      }
      if (problem.isPresent()) {
        problems.add(new Rejected(problem.get(), raw, i));
      } else if (seen.add(url.url())) {
        urls.add(url);
      }
    }
    if (given == 0) {
      problems.add(new Rejected(Problem.NONE, "", -1));
    } else if (urls.size() > MAX_URLS) {
      problems.add(new Rejected(Problem.TOO_MANY, "", -1));
    }
    return new Result(urls, problems);
  }

  private static Url parse(String input, boolean allowPrivate) throws Refusal {
    String text = input;
    int colon = text.indexOf(':');
    int slash = text.indexOf('/');
    boolean hasScheme = colon > 0 && (slash < 0 || colon < slash);
    if (!hasScheme || !text.substring(colon).startsWith("://")) {
      if (hasScheme && !looksLikeHostPort(text, colon)) {
        throw new Refusal(Problem.SCHEME);
      }
      text = "http://" + text;
    }
    String scheme = text.substring(0, text.indexOf(':')).toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new Refusal(Problem.SCHEME);
    }
    int hostStart = text.indexOf("://") + 3;
    int hostEnd = hostStart;
    while (hostEnd < text.length() && "/?#".indexOf(text.charAt(hostEnd)) < 0) {
      hostEnd++;
    }
    String authority = text.substring(hostStart, hostEnd);
    if (authority.contains("@")) {
      throw new Refusal(Problem.USER_INFO);
    }
    if (authority.isEmpty()) {
      throw new Refusal(Problem.MALFORMED);
    }
    String rawHost;
    int port = -1;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        throw new Refusal(Problem.MALFORMED);
      }
      rawHost = authority.substring(0, close + 1);
      String rest = authority.substring(close + 1);
      if (!rest.isEmpty()) {
        port = port(rest);
      }
    } else {
      int p = authority.lastIndexOf(':');
      rawHost = p < 0 ? authority : authority.substring(0, p);
      if (p >= 0) {
        port = port(authority.substring(p));
      }
    }
    String ascii;
    try {
      ascii = Sites.normalizeHost(rawHost);
    } catch (IllegalArgumentException e) {
      throw new Refusal(Problem.HOST);
    }
    Optional<InetAddress> literal = IpLiterals.parse(ascii);
    String site;
    if (literal.isPresent()) {
      Optional<SpecialAddresses.Category> special = SpecialAddresses.classify(literal.get());
      if (special.isPresent() && (!allowPrivate || special.get().alwaysRefused())) {
        throw new Refusal(Problem.ADDRESS); // as the crawler's guard: private opens loopback only
      }
      site = literal.get().getHostAddress();
    } else {
      String last = ascii.substring(ascii.lastIndexOf('.') + 1);
      if (!last.isEmpty() && Character.isDigit(last.charAt(0))) {
        throw new Refusal(Problem.ADDRESS); // 127.1, 0x7f.0.0.1 and the like: legacy address forms
      }
      if (!allowPrivate && ascii.indexOf('.') < 0) {
        throw new Refusal(Problem.HOST);
      }
      if (!ascii.matches("[a-z0-9.-]+") || ascii.startsWith("-") || ascii.contains("..")) {
        throw new Refusal(Problem.HOST);
      }
      try {
        site = Sites.siteOfHost(ascii);
      } catch (IllegalArgumentException e) {
        throw new Refusal(Problem.HOST);
      }
    }
    String pathAndMore = text.substring(hostEnd);
    int hash = pathAndMore.indexOf('#');
    if (hash >= 0) {
      pathAndMore = pathAndMore.substring(0, hash);
    }
    if (pathAndMore.isEmpty() || pathAndMore.charAt(0) == '?') {
      pathAndMore = "/" + pathAndMore;
    }
    String hostPart = literal.isPresent() && ascii.indexOf(':') >= 0 ? "[" + ascii + "]" : ascii;
    String url;
    try {
      url =
          new URI(scheme + "://" + hostPart + (port < 0 ? "" : ":" + port) + encode(pathAndMore))
              .toASCIIString();
    } catch (URISyntaxException e) {
      throw new Refusal(Problem.MALFORMED);
    }
    if (url.length() > MAX_LENGTH) {
      throw new Refusal(Problem.TOO_LONG);
    }
    String unicode = literal.isPresent() ? ascii : IDN.toUnicode(ascii, IDN.ALLOW_UNASSIGNED);
    return new Url(url, site, ascii, unicode);
  }

  /** Percent-encodes (UTF-8) what may not stand in a URL as it is; keeps existing escapes. */
  private static String encode(String pathAndQuery) {
    StringBuilder b = new StringBuilder();
    byte[] bytes = pathAndQuery.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (byte x : bytes) {
      int c = x & 0xff;
      if (c < 0x80 && c > 0x20 && "\"<>\\^`{|} ".indexOf(c) < 0) {
        b.append((char) c);
      } else {
        b.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return b.toString();
  }

  /** {@code example.cn:8080/x} has a colon before any slash, but it is a host and port. */
  private static boolean looksLikeHostPort(String text, int colon) {
    int end = colon + 1;
    while (end < text.length() && Character.isDigit(text.charAt(end))) {
      end++;
    }
    return end > colon + 1 && (end == text.length() || "/?#".indexOf(text.charAt(end)) >= 0);
  }

  private static int port(String colonAndDigits) throws Refusal {
    if (!colonAndDigits.matches(":[0-9]{1,5}")) {
      throw new Refusal(Problem.MALFORMED);
    }
    int port = Integer.parseInt(colonAndDigits.substring(1));
    if (port < 1 || port > 65535) {
      throw new Refusal(Problem.MALFORMED);
    }
    return port;
  }

  /** C0 and C1 controls, and invisible formatting characters (bidi overrides, zero-width ...). */
  static boolean isControl(int cp) {
    return Character.isISOControl(cp)
        || Character.getType(cp) == Character.FORMAT
        || Character.getType(cp) == Character.LINE_SEPARATOR
        || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR;
  }

  private static String shown(String input) {
    StringBuilder b = new StringBuilder();
    input.codePoints().limit(200).forEach(cp -> b.appendCodePoint(isControl(cp) ? '\uFFFD' : cp));
    return b.toString();
  }

  private static final class Refusal extends Exception {
    private final Problem problem;

    Refusal(Problem problem) {
      super(problem.name(), null, false, false);
      this.problem = problem;
    }
  }
}
