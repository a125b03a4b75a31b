package org.sitewatch.classifier.lists;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.sitewatch.common.digest.Sha256;
import org.sitewatch.common.net.IpLiterals;
import org.sitewatch.common.net.Sites;
import org.sitewatch.events.SignalHit;

/**
 * The known-site lists in force: every {@code *.list} file of the lists folder, read once when a
 * classifier is built. {@link #matches} says which lists hold a host or one of its parent domains
 * (down to the registered domain, never a public suffix). Immutable and thread-safe.
 */
public final class KnownSites {
  /** The id of a list's signal is this followed by the list's name. */
  public static final String SIGNAL_PREFIX = "url.list:";

  /** The category of a list's signal. */
  public static final String CATEGORY = "known-site";

  /** Lists read from one folder at most: each is a signal of its own. */
  public static final int MAX_LISTS = 64;

  /** No lists. */
  public static final KnownSites NONE = new KnownSites(List.of());

  private final List<SiteList> lists;
  private final String version;

  /** How a candidate domain is hashed ({@link SiteList#hashOf}; tests count the calls). */
  private final java.util.function.ToLongFunction<String> hasher;

  private KnownSites(List<SiteList> lists) {
    this(lists, SiteList::hashOf);
  }

  private KnownSites(List<SiteList> lists, java.util.function.ToLongFunction<String> hasher) {
    this.hasher = hasher;
    this.lists = List.copyOf(lists);
    StringBuilder ids = new StringBuilder();
    for (SiteList list : this.lists) {
      ids.append(list.header().name())
          .append('\t')
          .append(list.header().sourceSha256())
          .append('\n');
    }
    this.version = this.lists.isEmpty() ? "" : "lists-" + Sha256.shortHex(ids.toString(), 12);
  }

  /**
   * Identifies the lists in force, e.g. {@code lists-3fa2c0d19b7e}: a digest of each list's name
   * and source SHA-256, in list order; empty when there are none. The page classifier appends it to
   * the version every verdict carries.
   */
  public String version() {
    return version;
  }

  /** These lists, in the order given. */
  public static KnownSites of(List<SiteList> lists) {
    return new KnownSites(lists);
  }

  /**
   * One list that holds a host.
   *
   * @param list the list's name
   * @param domain the listed domain: the host itself or a parent of it
   */
  public record Match(String list, String domain) {
    public Match {
      Objects.requireNonNull(list, "list");
      Objects.requireNonNull(domain, "domain");
    }

    /** {@code url.list:<name>}. */
    public String signalId() {
      return SIGNAL_PREFIX + list;
    }
  }

  /**
   * Reads every {@code *.list} file of {@code dir}, by name; no folder or an empty one means no
   * lists.
   *
   * @throws IllegalArgumentException naming the file when one is not a valid list, or when there
   *     are more than {@link #MAX_LISTS}
   * @throws UncheckedIOException if the folder or a file cannot be read
   */
  public static KnownSites load(Path dir) {
    Objects.requireNonNull(dir, "dir");
    if (!Files.isDirectory(dir)) {
      return NONE;
    }
    List<Path> files = files(dir);
    if (files.size() > MAX_LISTS) {
      throw new IllegalArgumentException(
          dir + ": " + files.size() + " lists, at most " + MAX_LISTS + " are read");
    }
    List<SiteList> lists = new ArrayList<>();
    for (Path file : files) {
      lists.add(SiteList.read(file));
    }
    return new KnownSites(lists);
  }

  /** {@link #load(Path)} of the folder, or {@link #NONE} when there is none. */
  public static KnownSites load(Optional<Path> dir) {
    return dir.map(KnownSites::load).orElse(NONE);
  }

  /** The list files of {@code dir}, sorted by name. */
  public static List<Path> files(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(SiteList.SUFFIX))
          .filter(Files::isRegularFile)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /** These lists hashing candidates with {@code hasher} (tests). */
  KnownSites withHasher(java.util.function.ToLongFunction<String> hasher) {
    return new KnownSites(lists, hasher);
  }

  public List<SiteList> lists() {
    return lists;
  }

  public boolean isEmpty() {
    return lists.isEmpty();
  }

  /**
   * The lists that hold {@code host} or a parent domain of it down to its registered domain, in
   * list order, each with the most specific listed domain. Empty for an IP address or a host that
   * is not a valid name.
   */
  public List<Match> matches(String host) {
    if (lists.isEmpty() || host == null) {
      return List.of();
    }
    String h;
    String site;
    try {
      h = Sites.normalizeHost(host);
      if (IpLiterals.parse(h).isPresent()) {
        return List.of();
      }
      site = Sites.siteOfHost(h);
    } catch (IllegalArgumentException e) {
      return List.of();
    }
    List<String> candidates = new ArrayList<>(4);
    String c = h;
    while (true) {
      candidates.add(c);
      if (c.length() <= site.length()) {
        break;
      }
      int dot = c.indexOf('.');
      if (dot < 0) {
        break;
      }
      c = c.substring(dot + 1);
    }
    // each candidate is hashed once, then looked up in every list (up to MAX_LISTS)
    long[] hashes = new long[candidates.size()];
    for (int i = 0; i < hashes.length; i++) {
      hashes[i] = hasher.applyAsLong(candidates.get(i));
    }
    List<Match> found = new ArrayList<>();
    for (SiteList list : lists) {
      for (int i = 0; i < hashes.length; i++) {
        if (list.containsHash(hashes[i])) {
          found.add(new Match(list.header().name(), candidates.get(i)));
          break;
        }
      }
    }
    return found;
  }

  /**
   * {@link #matches} for the host of an absolute http(s) URL or a bare host / domain (a path after
   * it is ignored).
   */
  public List<Match> matchesAddress(String address) {
    if (lists.isEmpty() || address == null) {
      return List.of();
    }
    // a bare host or domain (with a path, port or query) is read as a protocol-relative link
    Optional<String> host =
        Sites.linkHost(address).or(() -> Sites.linkHost("//" + address.strip()));
    return host.map(this::matches).orElse(List.of());
  }

  /**
   * The signals of the lists holding {@code address}'s host: one {@code url.list:<name>} per list,
   * snippet = the listed domain, url = {@code address}; together they weigh {@code weight} (one
   * list is enough, several do not add up beyond it).
   */
  public List<SignalHit> signals(String address, double weight) {
    List<Match> found = matchesAddress(address);
    if (found.isEmpty()) {
      return List.of();
    }
    double each = Math.round(weight / found.size() * 10_000) / 10_000.0;
    List<SignalHit> hits = new ArrayList<>(found.size());
    for (Match m : found) {
      hits.add(new SignalHit(m.signalId(), CATEGORY, each, 1, m.domain(), address));
    }
    return hits;
  }
}
