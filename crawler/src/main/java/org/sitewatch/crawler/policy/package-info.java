/**
 * What a site crawl may fetch, and when: {@link org.sitewatch.crawler.policy.SitePolicy} decides
 * per URL and counts refusals per rule.
 *
 * <p>Where to change what: budgets and per-request overrides in {@code SiteBudget}; robots.txt in
 * {@code RobotsRules} and {@code RobotsRuleText}; crawl traps in {@code CrawlTraps} and {@code
 * SeedLimits}; per-host spacing in {@code HostPoliteness}. Rules: {@code docs/politeness.md}.
 */
package org.sitewatch.crawler.policy;
