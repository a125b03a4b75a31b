package org.sitewatch.crawler.crawl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.sitewatch.crawler.fetch.HopTracker;
import org.sitewatch.events.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which redirects of one site crawl are followed. Inside the site: at most {@link
 * HopTracker#MAX_REDIRECTS} in a row and no loops (a {@code FETCH_FAILED} outcome otherwise), and a
 * page reached by redirects is published under the URL first requested. To another site: a hop like
 * a link, published as a crawl request while within {@code crawler.max-site-hops}.
 */
final class RedirectPolicy {
  private static final Logger log = LoggerFactory.getLogger(RedirectPolicy.class);

  /** Where a refused redirect is reported. */
  interface Failures {
    void failure(String url, Outcome.Kind kind, String reason, Map<String, String> details);
  }

  /** Where a redirect to another site goes: a crawl request {@code hops} away from the seed. */
  interface CrossSite {
    void publish(String link, String referrer, int hops);
  }

  private final HopTracker hopTracker;
  private final Predicate<String> inScope;
  private final int hops; // of a link or redirect to another site
  private final int maxSiteHops;
  private final Failures failures;
  private final CrossSite crossSite;
  private final Map<String, String> redirectedFrom = new ConcurrentHashMap<>();
  private final Set<String> redirectedAway = ConcurrentHashMap.newKeySet();
  private final Set<String> redirectedBeyondHops = ConcurrentHashMap.newKeySet();
  private final Set<String> refusedTargets = ConcurrentHashMap.newKeySet();

  RedirectPolicy(
      HopTracker hopTracker,
      Predicate<String> inScope,
      int requestHops,
      int maxSiteHops,
      Failures failures,
      CrossSite crossSite) {
    this.hopTracker = hopTracker;
    this.inScope = inScope;
    this.hops = requestHops + 1;
    this.maxSiteHops = maxSiteHops;
    this.failures = failures;
    this.crossSite = crossSite;
  }

  /** The URL first requested on the way to {@code url} (itself when no redirect led there). */
  String requestedUrlOf(String url) {
    return redirectedFrom.getOrDefault(url, url);
  }

  void onRedirect(String from, String to) {
    if (to == null) {
      return;
    }
    String original = redirectedFrom.getOrDefault(from, from);
    if (inScope.test(to)) {
      HopTracker.Decision decision = hopTracker.redirect(from, to);
      if (decision != HopTracker.Decision.FOLLOW) {
        refusedTargets.add(to);
        List<String> chain = new ArrayList<>(hopTracker.redirectChain(from));
        chain.add(from);
        chain.add(to);
        String reason =
            decision == HopTracker.Decision.LOOP
                ? "redirect loop: " + String.join(" -> ", chain)
                : "too many redirects: more than "
                    + HopTracker.MAX_REDIRECTS
                    + " in a row from "
                    + original;
        failures.failure(
            original,
            Outcome.Kind.FETCH_FAILED,
            reason,
            Map.of(
                "rule", decision == HopTracker.Decision.LOOP ? "redirect-loop" : "redirect-limit"));
        return;
      }
      redirectedFrom.put(to, original);
    } else {
      // a redirect to another site counts as a hop like a link does: otherwise two sites that
      // redirect to each other would request each other forever
      if (hops > maxSiteHops) {
        redirectedBeyondHops.add(to);
        log.debug("not following redirect {} -> {}: beyond crawler.max-site-hops", from, to);
        return;
      }
      redirectedAway.add(to);
      crossSite.publish(to, from, hops);
    }
  }

  /** Whether crawler4j may schedule the target of a redirect just reported to onRedirect. */
  boolean follows(String url) {
    return !refusedTargets.contains(url);
  }

  /** Other sites the crawl was redirected to (published as requests). */
  Set<String> redirectedAway() {
    return redirectedAway;
  }

  /** Other sites the crawl was redirected to beyond {@code crawler.max-site-hops}. */
  Set<String> redirectedBeyondHops() {
    return redirectedBeyondHops;
  }
}
