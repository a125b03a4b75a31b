package org.sitewatch.web;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.sitewatch.sink.evidence.signing.SigningKey;
import org.sitewatch.sink.evidence.warc.WarcSource;
import org.sitewatch.web.account.Accounts;
import org.sitewatch.web.crawl.CrawlRequests;
import org.sitewatch.web.view.Views;

/**
 * What the features share: the lead database (as the analyst role), the clock, the accounts, the
 * templates, where captured pages are read from, and (when the workbench has Kafka) how to send a
 * site to be crawled; the key evidence bundles are signed with (absent: no export); how long the
 * dashboard keeps its figures per scope (zero: it computes them on every request).
 */
public record Services(
    DataSource dataSource,
    Clock clock,
    Accounts accounts,
    Views views,
    Optional<WarcSource> warcs,
    Optional<CrawlRequests> crawlRequests,
    Optional<SigningKey> signingKey,
    Duration dashboardCacheTtl) {
  /** How long the dashboard keeps its figures per scope by default. */
  public static final Duration DASHBOARD_CACHE_TTL = Duration.ofSeconds(30);

  public Services {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(accounts, "accounts");
    Objects.requireNonNull(views, "views");
    warcs = warcs == null ? Optional.empty() : warcs;
    crawlRequests = crawlRequests == null ? Optional.empty() : crawlRequests;
    signingKey = signingKey == null ? Optional.empty() : signingKey;
    dashboardCacheTtl = dashboardCacheTtl == null ? DASHBOARD_CACHE_TTL : dashboardCacheTtl;
  }

  /** Services whose dashboard keeps its figures {@link #DASHBOARD_CACHE_TTL}. */
  public Services(
      DataSource dataSource,
      Clock clock,
      Accounts accounts,
      Views views,
      Optional<WarcSource> warcs,
      Optional<CrawlRequests> crawlRequests,
      Optional<SigningKey> signingKey) {
    this(dataSource, clock, accounts, views, warcs, crawlRequests, signingKey, null);
  }

  /** Services without a signing key. */
  public Services(
      DataSource dataSource,
      Clock clock,
      Accounts accounts,
      Views views,
      Optional<WarcSource> warcs,
      Optional<CrawlRequests> crawlRequests) {
    this(dataSource, clock, accounts, views, warcs, crawlRequests, Optional.empty());
  }
}
