package org.sitewatch.crawler.policy;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRules;
import java.net.URI;
import java.util.Optional;
import org.sitewatch.crawler.output.Bounded;

/**
 * The robots.txt line that refuses a URL, as an analyst can read it ({@code "Disallow:
 * /private/"}), for the outcome of a refused seed. The longest {@code Disallow} prefix that matches
 * the URL's path wins, as in RFC 9309; a prefix with wildcards is matched up to its first one.
 */
final class RobotsRuleText {
  private RobotsRuleText() {}

  static Optional<String> refusing(BaseRobotRules rules, String url) {
    if (!(rules instanceof SimpleRobotRules simple)) {
      return Optional.empty();
    }
    if (simple.isAllowNone()) {
      return Optional.of("Disallow: /");
    }
    String path;
    try {
      URI uri = URI.create(url);
      path =
          (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
              + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    String best = null;
    for (SimpleRobotRules.RobotRule rule : simple.getRobotRules()) {
      if (rule.isAllow()) {
        continue;
      }
      String prefix = rule.getPrefix();
      int wildcard = prefix.indexOf('*');
      String literal = wildcard >= 0 ? prefix.substring(0, wildcard) : prefix.replace("$", "");
      if (path.startsWith(literal) && (best == null || prefix.length() > best.length())) {
        best = prefix;
      }
    }
    return Optional.ofNullable(best).map(p -> "Disallow: " + Bounded.text(p, 256));
  }
}
