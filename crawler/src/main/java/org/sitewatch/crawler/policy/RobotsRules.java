package org.sitewatch.crawler.policy;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.sitewatch.common.net.Sites;

/**
 * robots.txt for one site crawl (RFC 9309), parsed by crawler-commons and cached per scheme, host
 * and port for the crawl's life. A 2xx file is parsed for the crawler's agent name; a 4xx (or more
 * than five redirects) means no rules; a 5xx, a timeout or any other failure to get the file means
 * the host is unavailable and nothing on it may be fetched. A host that cannot be connected to at
 * all (DNS, address policy, connection refused) gets no rules: its page fetches fail too, with the
 * precise reason; a redirect of its robots.txt to such a host is a failure like any other. The file
 * is fetched through the crawl's own HTTP client, so the address policy and the politeness delay
 * apply to it.
 */
public final class RobotsRules {
  /** Redirects followed to reach a robots.txt file (RFC 9309 asks for at least five). */
  static final int MAX_REDIRECTS = 5;

  /** One request, without following redirects. */
  public interface Fetch {
    Response get(String url) throws IOException, InterruptedException;
  }

  /**
   * What the server answered; {@code location} is the absolute redirect target of a 3xx, {@code
   * body} is empty unless 2xx.
   */
  public record Response(int status, byte[] body, String contentType, String location) {}

  /**
   * What one host's robots.txt means for the crawl.
   *
   * @param unavailable the file could not be had (5xx, timeout, ...): nothing may be fetched
   * @param state how the file was obtained, for outcomes, e.g. {@code HTTP 200}
   * @param crawlDelayMs the host's Crawl-delay, capped; 0 when it gives none
   */
  record HostRules(BaseRobotRules rules, boolean unavailable, String state, long crawlDelayMs) {
    boolean allows(String url) {
      return !unavailable && rules.isAllowed(url);
    }
  }

  private final Fetch fetch;
  private final String agent;
  private final long maxCrawlDelayMs;
  private final Map<String, HostRules> byOrigin = new ConcurrentHashMap<>();
  private final Map<String, Long> delayByHost = new ConcurrentHashMap<>();

  public RobotsRules(Fetch fetch, String agent, long maxCrawlDelayMs) {
    this.fetch = fetch;
    this.agent = agent;
    this.maxCrawlDelayMs = maxCrawlDelayMs;
  }

  /** The rules of {@code url}'s host, fetching its robots.txt the first time. */
  HostRules forUrl(String url) throws InterruptedException {
    String origin = origin(url);
    HostRules known = byOrigin.get(origin);
    if (known != null) {
      return known;
    }
    HostRules rules = load(origin + "/robots.txt");
    byOrigin.put(origin, rules);
    delayByHost.merge(Sites.hostOf(url), rules.crawlDelayMs(), Math::max);
    return rules;
  }

  /** The capped Crawl-delay of {@code host} (any scheme or port) if its file was read, else 0. */
  long crawlDelayMs(String host) {
    return delayByHost.getOrDefault(host, 0L);
  }

  private HostRules load(String robotsUrl) throws InterruptedException {
    String url = robotsUrl;
    int i = 0;
    try {
      for (; i <= MAX_REDIRECTS; i++) {
        Response r = fetch.get(url);
        if (r.status() >= 300 && r.status() < 400 && r.location() != null) {
          url = URI.create(url).resolve(r.location()).toString();
          continue;
        }
        return interpret(url, r.status(), r.body(), r.contentType(), agent, maxCrawlDelayMs);
      }
      return new HostRules(
          new SimpleRobotRules(SimpleRobotRules.RobotRulesMode.ALLOW_ALL),
          false,
          "more than " + MAX_REDIRECTS + " redirects: no rules",
          0);
    } catch (IOException | RuntimeException e) {
      String why = e.getClass().getSimpleName() + ": " + e.getMessage();
      if (notConnected(e) && i == 0) {
        // no connection could be made (DNS, address policy, refused): nothing can be fetched from
        // the host anyway, and its pages' own fetches report the precise reason. Not so for a
        // redirect target: the host answered, so its file is unavailable like any other failure
        return new HostRules(
            new SimpleRobotRules(SimpleRobotRules.RobotRulesMode.ALLOW_ALL),
            false,
            "not reached (" + why + ")",
            0);
      }
      return unreachable(why);
    }
  }

  /** What a robots.txt answer means (pure; the table of RFC 9309's status rules). */
  static HostRules interpret(
      String url, int status, byte[] body, String contentType, String agent, long maxCrawlDelayMs) {
    if (status >= 200 && status < 300) {
      // no cap inside the parser: it turns a long Crawl-delay into "disallow everything"
      SimpleRobotRulesParser parser = new SimpleRobotRulesParser(Long.MAX_VALUE, 5);
      BaseRobotRules rules =
          parser.parseContent(
              url,
              body == null ? new byte[0] : body,
              contentType == null ? "text/plain" : contentType,
              List.of(agent.toLowerCase(Locale.ROOT)));
      long delay = rules.getCrawlDelay();
      long capped = delay <= 0 ? 0 : Math.min(delay, maxCrawlDelayMs);
      return new HostRules(rules, false, "HTTP " + status, capped);
    }
    if (status >= 400 && status < 500) {
      return new HostRules(
          new SimpleRobotRules(SimpleRobotRules.RobotRulesMode.ALLOW_ALL),
          false,
          "HTTP " + status + ": no rules",
          0);
    }
    return unreachable("HTTP " + status);
  }

  /** Whether {@code e} means no connection to the host was made at all. */
  static boolean notConnected(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof UnknownHostException
          || t instanceof ConnectException
          || t instanceof NoRouteToHostException) {
        return true;
      }
    }
    return false;
  }

  static HostRules unreachable(String why) {
    return new HostRules(
        new SimpleRobotRules(SimpleRobotRules.RobotRulesMode.ALLOW_NONE),
        true,
        "unavailable (" + why + ")",
        0);
  }

  private static String origin(String url) {
    URI uri = URI.create(url);
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    String host = Sites.hostOf(url);
    return scheme
        + "://"
        + (host.contains(":") ? "[" + host + "]" : host)
        + (port < 0 ? "" : ":" + port);
  }
}
