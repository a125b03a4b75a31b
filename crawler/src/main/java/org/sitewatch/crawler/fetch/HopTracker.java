package org.sitewatch.crawler.fetch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How each URL of a site crawl was reached: by a link from a page or by a redirect. Gives the hop
 * path from the seed for the WARC metadata record and decides whether a redirect is followed: at
 * most {@link #MAX_REDIRECTS} in a row, and never back to a URL of the same chain.
 */
public final class HopTracker {
  /** Most redirects followed in a row from one requested URL. */
  public static final int MAX_REDIRECTS = 5;

  private static final int MAX_PATH = 64;

  /** What to do with a redirect. */
  public enum Decision {
    FOLLOW,
    TOO_MANY,
    LOOP
  }

  private final Map<String, String> via = new ConcurrentHashMap<>();
  private final Map<String, List<String>> chains = new ConcurrentHashMap<>();

  /** Records that {@code url} is about to be fetched, reached from {@code parent} (may be null). */
  void reached(String url, String parent) {
    if (parent != null && !parent.equals(url) && !chains.containsKey(url)) {
      via.putIfAbsent(url, parent);
    }
  }

  /** Decides on a redirect from {@code from} to {@code to} and, if followed, remembers it. */
  public Decision redirect(String from, String to) {
    List<String> chain = new ArrayList<>(chains.getOrDefault(from, List.of()));
    chain.add(from);
    if (chain.contains(to)) {
      return Decision.LOOP;
    }
    if (chain.size() > MAX_REDIRECTS) {
      return Decision.TOO_MANY;
    }
    chains.put(to, List.copyOf(chain));
    via.put(to, from);
    return Decision.FOLLOW;
  }

  /** The redirects that led to {@code url}, first requested URL first; empty if none. */
  public List<String> redirectChain(String url) {
    return chains.getOrDefault(url, List.of());
  }

  /** The chain of URLs from the seed to {@code url} (both included), by links and redirects. */
  List<String> pathTo(String url) {
    List<String> path = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (String u = url; u != null && seen.add(u) && path.size() < MAX_PATH; u = via.get(u)) {
      path.add(u);
    }
    Collections.reverse(path);
    return path;
  }
}
