package org.sitewatch.classifier.lists;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.sitewatch.common.digest.Sha256;
import org.sitewatch.common.net.IpLiterals;
import org.sitewatch.common.net.Sites;
import org.sitewatch.events.UnsafeChars;

/**
 * Reads a public blocklist into normalised domains: lower case, IDN in ASCII form, a leading {@code
 * www.}, {@code *.} or dot removed. An entry must lie at or under a registered domain (the public
 * suffix helper of {@link Sites}): a public suffix ({@code com}, {@code blogspot.com}) would list
 * every site under it, an IP address is no domain, and both are rejected. Every line that is
 * neither blank, a comment, nor a kept domain is counted as rejected with its reason; the first
 * {@link #REJECTIONS_SHOWN} are kept for the operator.
 *
 * <p>Bounds: a file is at most {@link #MAX_FILE_BYTES}, a line at most {@link #MAX_LINE_BYTES}
 * (longer lines are rejected, not cut), and a file with a NUL byte is refused as binary.
 */
public final class ListImport {
  /** Largest file imported: the biggest public adult lists are a few tens of MiB. */
  public static final long MAX_FILE_BYTES = 256L * 1024 * 1024;

  /** Longest line read; a domain name has at most 253 characters. */
  public static final int MAX_LINE_BYTES = 1024;

  /** Rejected lines shown with their reason. */
  public static final int REJECTIONS_SHOWN = 20;

  private static final Pattern LABEL = Pattern.compile("[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?");

  /** Names a hosts file maps to itself, not blocked sites. */
  private static final Set<String> HOSTS_PREAMBLE =
      Set.of(
          "localhost",
          "localhost.localdomain",
          "local",
          "broadcasthost",
          "ip6-localhost",
          "ip6-loopback",
          "ip6-localnet",
          "ip6-mcastprefix",
          "ip6-allnodes",
          "ip6-allrouters",
          "ip6-allhosts",
          "0.0.0.0");

  private ListImport() {}

  /**
   * One line not kept.
   *
   * @param line its number, from 1
   * @param reason why, e.g. {@code public suffix 'com'}
   */
  public record Rejection(long line, String reason) {
    public Rejection {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * What a file gave.
   *
   * @param domains the kept domains, sorted, each once
   * @param lines lines read
   * @param rejected lines rejected (each counted once)
   * @param duplicates domains seen again (kept once)
   * @param firstRejections the first {@link #REJECTIONS_SHOWN} rejected lines
   * @param sha256 hex SHA-256 of the file's bytes
   * @param bytes the file's size
   */
  public record Imported(
      List<String> domains,
      long lines,
      long rejected,
      long duplicates,
      List<Rejection> firstRejections,
      String sha256,
      long bytes) {
    public Imported {
      domains = List.copyOf(domains);
      firstRejections = List.copyOf(firstRejections);
      Objects.requireNonNull(sha256, "sha256");
    }
  }

  /**
   * Reads {@code file} in {@code format}.
   *
   * @throws IllegalArgumentException if the file is larger than {@link #MAX_FILE_BYTES} or binary
   * @throws UncheckedIOException if it cannot be read
   */
  public static Imported read(Path file, ListFormat format) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(format, "format");
    try {
      long size = Files.size(file);
      if (size > MAX_FILE_BYTES) {
        throw new IllegalArgumentException(
            file + ": " + size + " bytes, more than the " + MAX_FILE_BYTES + " a list may have");
      }
      MessageDigest digest = Sha256.newDigest();
      try (InputStream in =
          new DigestInputStream(new BufferedInputStream(Files.newInputStream(file)), digest)) {
        Imported imported = read(in, format, file.toString());
        return new Imported(
            imported.domains(),
            imported.lines(),
            imported.rejected(),
            imported.duplicates(),
            imported.firstRejections(),
            Sha256.hex(digest),
            imported.bytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Reads a list from {@code in} (at most {@link #MAX_FILE_BYTES}); no digest is computed. */
  static Imported read(InputStream in, ListFormat format, String what) throws IOException {
    TreeSet<String> domains = new TreeSet<>();
    List<Rejection> shown = new ArrayList<>();
    long lines = 0;
    long rejected = 0;
    long duplicates = 0;
    long bytes = 0;
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    boolean tooLong = false;
    int b;
    boolean end = false;
    while (!end) {
      b = in.read();
      if (b >= 0) {
        bytes++;
        if (bytes > MAX_FILE_BYTES) {
          throw new IllegalArgumentException(
              what + ": more than the " + MAX_FILE_BYTES + " bytes a list may have");
        }
        if (b == 0) {
          throw new IllegalArgumentException(
              what
                  + ": binary file (NUL byte at offset "
                  + (bytes - 1)
                  + "), expected a text list of domains");
        }
        if (b != '\n') {
          if (line.size() < MAX_LINE_BYTES) {
            line.write(b);
          } else {
            tooLong = true;
          }
          continue;
        }
      } else {
        end = true;
        if (line.size() == 0 && !tooLong) {
          break;
        }
      }
      lines++;
      List<String> found = new ArrayList<>(1);
      String reason =
          tooLong
              ? "line longer than " + MAX_LINE_BYTES + " bytes"
              : parseLine(line.toByteArray(), format, lines == 1, found);
      line.reset();
      tooLong = false;
      if (reason != null) {
        rejected++;
        if (shown.size() < REJECTIONS_SHOWN) {
          shown.add(new Rejection(lines, reason));
        }
        continue;
      }
      for (String domain : found) {
        if (!domains.add(domain)) {
          duplicates++;
        }
      }
    }
    return new Imported(new ArrayList<>(domains), lines, rejected, duplicates, shown, "", bytes);
  }

  /** Adds the domains of one line to {@code out}; returns why the line is rejected, or null. */
  private static String parseLine(byte[] raw, ListFormat format, boolean first, List<String> out) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(raw))
              .toString();
    } catch (CharacterCodingException e) {
      return "not UTF-8 text";
    }
    if (first && text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    int hash = text.indexOf('#');
    if (hash >= 0) {
      text = text.substring(0, hash);
    }
    text = text.strip();
    if (text.isEmpty()) {
      return null;
    }
    String[] fields = text.split("\\s+");
    switch (format) {
      case DOMAINS, E2GUARDIAN -> {
        if (format == ListFormat.E2GUARDIAN && text.startsWith(".Include")) {
          return "e2guardian directive not followed: " + quote(text);
        }
        if (fields.length != 1) {
          return "more than one field: " + quote(text);
        }
        Optional<String> reason = addDomain(fields[0], out);
        return reason.orElse(null);
      }
      case HOSTS -> {
        if (fields.length < 2) {
          return "not 'ADDRESS HOST...': " + quote(text);
        }
        if (IpLiterals.parse(fields[0]).isEmpty()) {
          return "not an address: " + quote(fields[0]);
        }
        String firstReason = null;
        int kept = 0;
        for (int i = 1; i < fields.length; i++) {
          if (HOSTS_PREAMBLE.contains(fields[i].toLowerCase(Locale.ROOT))) {
            kept++;
            continue;
          }
          Optional<String> reason = addDomain(fields[i], out);
          if (reason.isPresent()) {
            firstReason = firstReason == null ? reason.get() : firstReason;
          } else {
            kept++;
          }
        }
        return kept == 0 ? firstReason : null;
      }
      default -> throw new IllegalStateException("unknown format " + format);
    }
  }

  /** Normalises one entry and adds it, or says why not. */
  static Optional<String> addDomain(String entry, List<String> out) {
    Optional<String> domain = normalise(entry);
    if (domain.isEmpty()) {
      return Optional.of(rejectionOf(entry));
    }
    out.add(domain.get());
    return Optional.empty();
  }

  /**
   * The stored form of a listed domain, or empty when {@code entry} is not one: lower case, ASCII
   * (punycode), without a leading {@code www.}, {@code *.} or dot, at or under a registered domain.
   */
  public static Optional<String> normalise(String entry) {
    return rejection(entry) == null ? Optional.of(clean(entry)) : Optional.empty();
  }

  private static String rejectionOf(String entry) {
    String reason = rejection(entry);
    return reason == null ? "rejected: " + quote(entry) : reason;
  }

  /** Why {@code entry} is no listed domain, or null when it is one. */
  private static String rejection(String entry) {
    String d;
    try {
      d = clean(entry);
    } catch (IllegalArgumentException e) {
      return "invalid host name: " + quote(entry);
    }
    if (d.isEmpty() || d.length() > 253) {
      return "invalid host name: " + quote(entry);
    }
    if (IpLiterals.parse(d).isPresent() || d.indexOf(':') >= 0) {
      return "an address, not a domain: " + quote(entry);
    }
    for (String label : d.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return "invalid host name: " + quote(entry);
      }
    }
    if (d.indexOf('.') < 0) {
      return "not a domain (one label): " + quote(entry);
    }
    // a registered domain or a name under one: a public suffix is its own "site" for Sites, and so
    // is a name one label longer than it
    String probe = "x." + d;
    String site;
    try {
      site = Sites.siteOfHost(probe);
    } catch (IllegalArgumentException e) {
      return "invalid host name: " + quote(entry);
    }
    if (site.equals(probe)) {
      return "public suffix, would list every site under it: " + quote(entry);
    }
    return null;
  }

  private static String clean(String entry) {
    String d = entry.strip();
    if (d.startsWith("*.")) {
      d = d.substring(2);
    }
    while (d.startsWith(".")) {
      d = d.substring(1);
    }
    if (d.isEmpty()) {
      return d;
    }
    d = Sites.normalizeHost(d);
    if (d.startsWith("www.") && d.indexOf('.', 4) > 0) {
      d = d.substring(4);
    }
    return d;
  }

  /**
   * {@code s} cut to 80 characters and quoted, every control character (ESC, CR, tab, ...), bidi
   * control and line separator ({@link UnsafeChars}) written visibly as {@code \\uXXXX}: a rejected
   * line comes from a third-party file and is printed on the operator's terminal.
   */
  static String quote(String s) {
    String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
    StringBuilder out = new StringBuilder(cut.length() + 2).append('\'');
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      if (UnsafeChars.isUnsafe(c) || Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('\'').toString();
  }
}
