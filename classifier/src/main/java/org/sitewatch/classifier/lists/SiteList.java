package org.sitewatch.classifier.lists;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.sitewatch.common.digest.Sha256;

/**
 * One imported list as a classifier holds it: its header and the sorted 64-bit hashes of its
 * domains (the first 8 bytes of SHA-256), 8 bytes per domain whatever its length, looked up by
 * binary search. Two different domains share a hash with probability about {@code n / 2^64} per
 * lookup (about 5e-14 for a million entries): negligible next to the staleness of any public list.
 *
 * <p>On disk ({@code <name>.list} in the lists folder) a list is UTF-8 text: a header of {@code #
 * key: value} lines (name, format, source, source-sha256, count, rejected, imported-at) and then
 * one domain per line, sorted. Plain text so an operator can read, diff and copy it.
 */
public final class SiteList {
  /** File name ending of a stored list. */
  public static final String SUFFIX = ".list";

  static final String MAGIC = "# sitewatch known-site list v1";

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  /** A stored list's file may be at most this large (the import bound plus the header). */
  static final long MAX_STORED_BYTES = ListImport.MAX_FILE_BYTES + 64 * 1024;

  /**
   * What a list file says about itself.
   *
   * @param name the list's name, as in the signal {@code url.list:<name>}
   * @param format the format it was imported from
   * @param source the file name it was imported from
   * @param sourceSha256 the hex SHA-256 of that file
   * @param count domains in the list
   * @param rejected lines of the source not kept
   * @param importedAt when it was imported
   */
  public record Header(
      String name,
      ListFormat format,
      String source,
      String sourceSha256,
      long count,
      long rejected,
      Instant importedAt) {
    public Header {
      checkName(name);
      Objects.requireNonNull(format, "format");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(sourceSha256, "sourceSha256");
      Objects.requireNonNull(importedAt, "importedAt");
      if (count < 0 || rejected < 0) {
        throw new IllegalArgumentException("counts must be >= 0");
      }
    }
  }

  private final Header header;
  private final long[] hashes;

  private SiteList(Header header, long[] hashes) {
    this.header = header;
    this.hashes = hashes;
  }

  /**
   * Checks a list name: lower-case letters, digits, {@code . _ -}, 1 to 64 characters, starting
   * with a letter or digit.
   *
   * @throws IllegalArgumentException if it is not one
   */
  public static String checkName(String name) {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid list name '"
              + name
              + "': use 1-64 lower-case letters, digits, '.', '_', '-', starting with a letter or"
              + " digit");
    }
    return name;
  }

  /** The file of list {@code name} in {@code dir}. */
  public static Path fileOf(Path dir, String name) {
    return dir.resolve(checkName(name) + SUFFIX);
  }

  public Header header() {
    return header;
  }

  /** Domains held. */
  public int size() {
    return hashes.length;
  }

  /** Whether exactly {@code domain} (in stored form) is listed. */
  public boolean contains(String domain) {
    return Arrays.binarySearch(hashes, hashOf(domain)) >= 0;
  }

  /** Whether the domain of hash {@code hash} ({@link #hashOf}) is listed. */
  boolean containsHash(long hash) {
    return Arrays.binarySearch(hashes, hash) >= 0;
  }

  static long hashOf(String domain) {
    return Sha256.first64Bits(domain);
  }

  /** A list held in memory from {@code domains} (stored form): for tests and measurements. */
  static SiteList of(Header header, Iterable<String> domains) {
    long[] h = new long[16];
    int n = 0;
    for (String d : domains) {
      if (n == h.length) {
        h = Arrays.copyOf(h, n * 2);
      }
      h[n++] = hashOf(d);
    }
    return new SiteList(header, sortedUnique(h, n));
  }

  private static long[] sortedUnique(long[] h, int n) {
    Arrays.sort(h, 0, n);
    int w = 0;
    for (int i = 0; i < n; i++) {
      if (w == 0 || h[i] != h[w - 1]) {
        h[w++] = h[i];
      }
    }
    return Arrays.copyOf(h, w);
  }

  /**
   * Writes {@code imported} as list {@code header.name()} into {@code dir} (created if missing),
   * replacing a list of that name: written to a temporary file, then moved into place, so a
   * classifier starting meanwhile reads the old list or the new one, never half of one.
   *
   * @return the file written
   */
  public static Path write(Path dir, Header header, ListImport.Imported imported) {
    Objects.requireNonNull(imported, "imported");
    Path target = fileOf(dir, header.name());
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, header.name() + ".", ".tmp");
      try {
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
          w.write(MAGIC + "\n");
          w.write("# name: " + header.name() + "\n");
          w.write("# format: " + header.format().label() + "\n");
          w.write("# source: " + oneLine(header.source()) + "\n");
          w.write("# source-sha256: " + header.sourceSha256() + "\n");
          w.write("# count: " + header.count() + "\n");
          w.write("# rejected: " + header.rejected() + "\n");
          w.write("# imported-at: " + header.importedAt() + "\n");
          for (String d : imported.domains()) {
            w.write(d);
            w.write('\n');
          }
        }
        try {
          Files.move(
              tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write list " + target, e);
    }
  }

  /** Reads only the header of a stored list. */
  public static Header readHeader(Path file) {
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return header(file, r);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read list " + file, e);
    }
  }

  /**
   * Reads a stored list.
   *
   * @throws IllegalArgumentException naming the file when it is not a list file, too large, or its
   *     count does not match its domains
   * @throws UncheckedIOException if it cannot be read
   */
  public static SiteList read(Path file) {
    try {
      long size = Files.size(file);
      if (size > MAX_STORED_BYTES) {
        throw new IllegalArgumentException(
            file + ": " + size + " bytes, more than a list file may have");
      }
      try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        Header header = header(file, r);
        // each domain takes at least 2 bytes (a character and its newline): a header claiming more
        // than that is refused before any array is sized from it
        if (header.count() > size / 2 || header.count() > Integer.MAX_VALUE - 8) {
          throw new IllegalArgumentException(
              file
                  + ": its header's count "
                  + header.count()
                  + " is more than a file of "
                  + size
                  + " bytes can hold");
        }
        long[] h = new long[(int) header.count()];
        int n = 0;
        String line;
        while ((line = r.readLine()) != null) {
          if (line.isEmpty() || line.startsWith("#")) {
            continue;
          }
          if (n == h.length) {
            throw new IllegalArgumentException(
                file + ": more domains than its header's count " + header.count());
          }
          h[n++] = hashOf(line);
        }
        if (n != header.count()) {
          throw new IllegalArgumentException(
              file + ": " + n + " domains, its header says " + header.count());
        }
        return new SiteList(header, sortedUnique(h, n));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read list " + file, e);
    }
  }

  private static Header header(Path file, BufferedReader r) throws IOException {
    String first = r.readLine();
    if (!MAGIC.equals(first)) {
      throw new IllegalArgumentException(
          file + ": not a known-site list (first line must be '" + MAGIC + "')");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 0; i < 7; i++) {
      String line = r.readLine();
      if (line == null || !line.startsWith("# ") || line.indexOf(": ") < 0) {
        throw new IllegalArgumentException(file + ": header line " + (i + 2) + " malformed");
      }
      int colon = line.indexOf(": ");
      fields.put(line.substring(2, colon), line.substring(colon + 2));
    }
    try {
      return new Header(
          fields.getOrDefault("name", ""),
          ListFormat.byLabel(fields.getOrDefault("format", ""))
              .orElseThrow(() -> new IllegalArgumentException("unknown format")),
          fields.getOrDefault("source", ""),
          fields.getOrDefault("source-sha256", ""),
          Long.parseLong(fields.getOrDefault("count", "")),
          Long.parseLong(fields.getOrDefault("rejected", "")),
          Instant.parse(fields.getOrDefault("imported-at", "")));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new IllegalArgumentException(file + ": malformed header: " + e.getMessage(), e);
    }
  }

  private static String oneLine(String s) {
    return s.replaceAll("[\\r\\n]", " ");
  }
}
