package org.sitewatch.crawler;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.sitewatch.common.net.IpLiterals;
import org.sitewatch.common.net.Sites;

/**
 * Settings of one crawler worker, built with {@link #builder()}; every default lives in {@link
 * Builder}.
 *
 * @param maxPagesPerSite most URLs fetched per site crawl (default 50)
 * @param maxDepth link depth from the seed URL inside a site (default 3; 0 = the seed only)
 * @param maxSiteHops how many site-to-site hops from a seed discovered links may go (default 1); 0
 *     means cross-site links are never published as crawl requests
 * @param politenessDelayMs delay between two requests to one host (default 1000)
 * @param maxConcurrentSites sites crawled in parallel by one worker (default 4)
 * @param maxBodyBytes cap on a response body, from 1 KiB to {@value #MAX_BODY_BYTES_LIMIT} (64
 *     MiB); larger declared bodies are rejected, larger streamed bodies are truncated (default 1
 *     MiB)
 * @param connectTimeoutMs TCP connect timeout (default 10 s)
 * @param readTimeoutMs socket read timeout (default 20 s)
 * @param userAgent the User-Agent header; its product token is also the robots.txt agent name
 * @param respectRobots whether robots.txt rules are obeyed (default true)
 * @param allowPrivateAddresses whether loopback and private addresses (10/8, 172.16/12, 192.168/16,
 *     fc00::/7) may be crawled (default false); every other special-purpose address (0/8,
 *     link-local, CGNAT, TEST-NETs, benchmarking, multicast, reserved, Teredo, ...) is always
 *     refused
 * @param onlyResolvedHosts when true, every host that is not in {@code resolve} is refused (an IP
 *     literal only if it is a loopback address), so no real DNS lookup and no non-loopback
 *     connection can happen; for demos and tests (default false)
 * @param resolve fixed host name to IP literal mappings, consulted before the system resolver (like
 *     {@code curl --resolve}); names are stored lower-case
 * @param recrawlAfter a site this worker crawled less than this long ago is skipped (default 24 h;
 *     zero never skips)
 * @param workDir the folder crawler4j insists on for each crawl (it creates it); nothing is written
 *     there since the frontier is in memory. Frontier folders ({@code site-*}) left by older
 *     versions are deleted when a worker starts
 * @param groupId Kafka consumer group of the workers (default {@value #DEFAULT_GROUP_ID})
 * @param capture total fetch deadline and WARC evidence capture (default {@link
 *     CaptureSettings#defaults()})
 * @param limits Crawl-delay cap, per-site byte and time budgets and crawl-trap limits (default
 *     {@link SiteLimits#defaults()})
 * @param requests ceilings of per-seed overrides, the cap on discoveries per site crawl and the
 *     confirmation of gone seeds (default {@link RequestPolicy#defaults()})
 */
public record CrawlerSettings(
    int maxPagesPerSite,
    int maxDepth,
    int maxSiteHops,
    long politenessDelayMs,
    int maxConcurrentSites,
    int maxBodyBytes,
    int connectTimeoutMs,
    int readTimeoutMs,
    String userAgent,
    boolean respectRobots,
    boolean allowPrivateAddresses,
    boolean onlyResolvedHosts,
    Map<String, String> resolve,
    Duration recrawlAfter,
    Path workDir,
    String groupId,
    CaptureSettings capture,
    SiteLimits limits,
    RequestPolicy requests) {

  public static final String DEFAULT_GROUP_ID = "sitewatch-crawler";

  /** Largest accepted {@link #maxBodyBytes}: 64 MiB. */
  public static final int MAX_BODY_BYTES_LIMIT = 64 * 1024 * 1024;

  public static final String DEFAULT_USER_AGENT =
      "Sitewatch/0.1 (+https://example.invalid/sitewatch)";

  public CrawlerSettings {
    atLeast(maxPagesPerSite, 1, "maxPagesPerSite");
    within(maxDepth, 0, Short.MAX_VALUE, "maxDepth");
    within(maxSiteHops, 0, 100, "maxSiteHops");
    if (politenessDelayMs < 0 || politenessDelayMs > Duration.ofHours(1).toMillis()) {
      throw new IllegalArgumentException(
          "politenessDelayMs must be between 0 and 3600000, got " + politenessDelayMs);
    }
    within(maxConcurrentSites, 1, 256, "maxConcurrentSites");
    if (maxBodyBytes < 1024 || maxBodyBytes > MAX_BODY_BYTES_LIMIT) {
      throw new IllegalArgumentException(
          "maxBodyBytes must be between 1024 (1 KiB) and "
              + MAX_BODY_BYTES_LIMIT
              + " (64 MiB), got "
              + maxBodyBytes
              + ": pages are published whole to Kafka, so the cap bounds the record size");
    }
    atLeast(connectTimeoutMs, 1, "connectTimeoutMs");
    atLeast(readTimeoutMs, 1, "readTimeoutMs");
    Objects.requireNonNull(userAgent, "userAgent");
    if (userAgent.isBlank() || userAgent.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
      throw new IllegalArgumentException(
          "userAgent must be non-blank printable text, got '" + userAgent + "'");
    }
    Objects.requireNonNull(resolve, "resolve");
    Map<String, String> copy = new LinkedHashMap<>();
    resolve.forEach(
        (host, ip) -> {
          if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("resolve: blank host name");
          }
          if (ip == null) {
            throw new IllegalArgumentException("resolve: no address for host '" + host + "'");
          }
          String name = Sites.normalizeHost(host);
          InetAddress address =
              IpLiterals.parse(ip.trim())
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "resolve: '"
                                  + ip
                                  + "' (for host '"
                                  + host
                                  + "') is not an IP address literal"));
          copy.put(name, address.getHostAddress());
        });
    resolve = Map.copyOf(copy);
    Objects.requireNonNull(recrawlAfter, "recrawlAfter");
    if (recrawlAfter.isNegative()) {
      throw new IllegalArgumentException("recrawlAfter must not be negative, got " + recrawlAfter);
    }
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(groupId, "groupId");
    if (groupId.isBlank()) {
      throw new IllegalArgumentException("groupId must not be blank");
    }
    Objects.requireNonNull(capture, "capture");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(requests, "requests");
  }

  /** A builder holding every default (see the components); set at least {@code workDir}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings, to make a changed copy. */
  public Builder toBuilder() {
    return new Builder()
        .maxPagesPerSite(maxPagesPerSite)
        .maxDepth(maxDepth)
        .maxSiteHops(maxSiteHops)
        .politenessDelayMs(politenessDelayMs)
        .maxConcurrentSites(maxConcurrentSites)
        .maxBodyBytes(maxBodyBytes)
        .connectTimeoutMs(connectTimeoutMs)
        .readTimeoutMs(readTimeoutMs)
        .userAgent(userAgent)
        .respectRobots(respectRobots)
        .allowPrivateAddresses(allowPrivateAddresses)
        .onlyResolvedHosts(onlyResolvedHosts)
        .resolve(resolve)
        .recrawlAfter(recrawlAfter)
        .workDir(workDir)
        .groupId(groupId)
        .capture(capture)
        .limits(limits)
        .requests(requests);
  }

  /** The same settings with other capture settings. */
  public CrawlerSettings withCapture(CaptureSettings newCapture) {
    return toBuilder().capture(newCapture).build();
  }

  /** The same settings with other site limits. */
  public CrawlerSettings withLimits(SiteLimits newLimits) {
    return toBuilder().limits(newLimits).build();
  }

  /** The same settings with another User-Agent (the confirmation fetch of a gone seed). */
  public CrawlerSettings withUserAgent(String newUserAgent) {
    return toBuilder().userAgent(newUserAgent).build();
  }

  /** The same settings with another request policy. */
  public CrawlerSettings withRequests(RequestPolicy newRequests) {
    return toBuilder().requests(newRequests).build();
  }

  /** The defaults listed on each component, with frontiers under {@code workDir}. */
  public static CrawlerSettings defaults(Path workDir) {
    return builder().workDir(workDir).build();
  }

  /**
   * Settings by name; every default lives here. {@link #build()} validates like the constructor.
   */
  public static final class Builder {
    private int maxPagesPerSite = 50;
    private int maxDepth = 3;
    private int maxSiteHops = 1;
    private long politenessDelayMs = 1000;
    private int maxConcurrentSites = 4;
    private int maxBodyBytes = 1024 * 1024;
    private int connectTimeoutMs = 10_000;
    private int readTimeoutMs = 20_000;
    private String userAgent = DEFAULT_USER_AGENT;
    private boolean respectRobots = true;
    private boolean allowPrivateAddresses = false;
    private boolean onlyResolvedHosts = false;
    private Map<String, String> resolve = Map.of();
    private Duration recrawlAfter = Duration.ofHours(24);
    private Path workDir;
    private String groupId = DEFAULT_GROUP_ID;
    private CaptureSettings capture = CaptureSettings.defaults();
    private SiteLimits limits = SiteLimits.defaults();
    private RequestPolicy requests = RequestPolicy.defaults();

    private Builder() {}

    public Builder maxPagesPerSite(int maxPagesPerSite) {
      this.maxPagesPerSite = maxPagesPerSite;
      return this;
    }

    public Builder maxDepth(int maxDepth) {
      this.maxDepth = maxDepth;
      return this;
    }

    public Builder maxSiteHops(int maxSiteHops) {
      this.maxSiteHops = maxSiteHops;
      return this;
    }

    public Builder politenessDelayMs(long politenessDelayMs) {
      this.politenessDelayMs = politenessDelayMs;
      return this;
    }

    public Builder maxConcurrentSites(int maxConcurrentSites) {
      this.maxConcurrentSites = maxConcurrentSites;
      return this;
    }

    public Builder maxBodyBytes(int maxBodyBytes) {
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    public Builder connectTimeoutMs(int connectTimeoutMs) {
      this.connectTimeoutMs = connectTimeoutMs;
      return this;
    }

    public Builder readTimeoutMs(int readTimeoutMs) {
      this.readTimeoutMs = readTimeoutMs;
      return this;
    }

    public Builder userAgent(String userAgent) {
      this.userAgent = userAgent;
      return this;
    }

    public Builder respectRobots(boolean respectRobots) {
      this.respectRobots = respectRobots;
      return this;
    }

    public Builder allowPrivateAddresses(boolean allowPrivateAddresses) {
      this.allowPrivateAddresses = allowPrivateAddresses;
      return this;
    }

    public Builder onlyResolvedHosts(boolean onlyResolvedHosts) {
      this.onlyResolvedHosts = onlyResolvedHosts;
      return this;
    }

    public Builder resolve(Map<String, String> resolve) {
      this.resolve = resolve;
      return this;
    }

    public Builder recrawlAfter(Duration recrawlAfter) {
      this.recrawlAfter = recrawlAfter;
      return this;
    }

    public Builder workDir(Path workDir) {
      this.workDir = workDir;
      return this;
    }

    public Builder groupId(String groupId) {
      this.groupId = groupId;
      return this;
    }

    public Builder capture(CaptureSettings capture) {
      this.capture = capture;
      return this;
    }

    public Builder limits(SiteLimits limits) {
      this.limits = limits;
      return this;
    }

    public Builder requests(RequestPolicy requests) {
      this.requests = requests;
      return this;
    }

    public CrawlerSettings build() {
      return new CrawlerSettings(
          maxPagesPerSite,
          maxDepth,
          maxSiteHops,
          politenessDelayMs,
          maxConcurrentSites,
          maxBodyBytes,
          connectTimeoutMs,
          readTimeoutMs,
          userAgent,
          respectRobots,
          allowPrivateAddresses,
          onlyResolvedHosts,
          resolve,
          recrawlAfter,
          workDir,
          groupId,
          capture,
          limits,
          requests);
    }
  }

  /** The robots.txt agent name: the product token of the user agent, lower-case. */
  public String robotsAgentName() {
    String token = userAgent.strip().split("[/\\s]", 2)[0];
    return token.isEmpty() ? "sitewatch" : token.toLowerCase(java.util.Locale.ROOT);
  }

  private static void atLeast(long value, long min, String name) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
    }
  }

  /** Refuses {@code value} outside [{@code min}, {@code max}], naming the setting. */
  static void within(long value, long min, long max, String name) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + ", got " + value);
    }
  }
}
