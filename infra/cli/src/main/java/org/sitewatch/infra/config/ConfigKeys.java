package org.sitewatch.infra.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.crawler.CheckpointSettings;
import org.sitewatch.crawler.CrawlerSettings;
import org.sitewatch.sink.intake.SinkSettings;
import org.sitewatch.sink.tips.TipSettings;
import org.sitewatch.web.publicsite.TipSiteSettings;

/**
 * Every configuration key, its description and its default. Stage defaults are read from the
 * stages' own {@code defaults()} so each default lives in exactly one place; the table in {@code
 * README.md} is checked against this list by a test.
 */
public final class ConfigKeys {
  /** A configuration key with its documentation and default, as text. */
  public record Key(String name, String description, String defaultValue) {
    /** The environment variable that sets this key, e.g. {@code SITEWATCH_CRAWLER_MAX_DEPTH}. */
    public String envName() {
      return "SITEWATCH_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
  }

  static final String DEFAULT_DATA_DIR = "sitewatch-data";

  private ConfigKeys() {}

  /** All keys, in documentation order. */
  public static List<Key> all() {
    CrawlerSettings c = CrawlerSettings.defaults(Path.of(""));
    CheckpointSettings cp = CheckpointSettings.defaults();
    ClassifierSettings k = ClassifierSettings.defaults();
    SinkSettings s = SinkSettings.defaults();
    TipSettings t = s.tips();
    TipSiteSettings p = TipSiteSettings.defaults();
    return List.of(
        new Key(
            "kafka.bootstrap-servers",
            "Kafka bootstrap servers (host:port,...). Empty: the all-in-one modes start an embedded broker; the stage commands require it.",
            ""),
        new Key("kafka.topic-prefix", "Prefix of every topic name.", "sitewatch."),
        new Key("kafka.partitions", "Partitions of each topic Sitewatch creates.", "3"),
        new Key(
            "kafka.replication-factor", "Replication factor of each topic Sitewatch creates.", "1"),
        new Key(
            "kafka.client.*",
            "Kafka client settings handed verbatim to every Kafka client (TLS, SASL, timeouts), e.g. kafka.client.security.protocol=SASL_SSL, or in short kafka.NAME (kafka.session.timeout.ms=10000; Sitewatch's own kafka.* keys have hyphens, Kafka's never); any producer, consumer, admin or Streams setting; names Sitewatch sets itself (group.id, serializers, acks, transactional.id, ...) are refused, secret values are never printed (docs/security.md, docs/architecture.md).",
            ""),
        new Key(
            "crawler.kafka.*",
            "Kafka client settings for the crawler's clients only, e.g. crawler.kafka.max.poll.records=4; they win over kafka.client.* / kafka.* there (same checks). crawler.kafka.group.instance.id (also classifier.kafka. and sink.kafka.; not kafka.group.instance.id) is the stage's static member id: a restart within the session timeout causes no rebalance (docs/operations-runbook.md, Rolling upgrade).",
            ""),
        new Key(
            "classifier.kafka.*",
            "Kafka client and Streams settings for the classifier only, e.g. classifier.kafka.num.standby.replicas=0; they win over kafka.client.* / kafka.* there (same checks).",
            ""),
        new Key(
            "sink.kafka.*",
            "Kafka client settings for the sink's clients only (lead sink, check recorder, recrawler, tip follower), e.g. sink.kafka.session.timeout.ms=6000; they win over kafka.client.* / kafka.* there (same checks).",
            ""),
        new Key(
            "db.jdbc-url",
            "PostgreSQL JDBC URL of the lead store. Empty: the all-in-one modes start an embedded PostgreSQL; the sink command requires it. A URL with user information (user:password@host), which the driver does not read, is refused: use db.username and db.password.",
            ""),
        new Key("db.username", "PostgreSQL user.", "postgres"),
        new Key("db.password", "PostgreSQL password.", ""),
        new Key(
            "db.owner-role",
            "Role that owns the lead store's tables; only `sitewatch db migrate` acts as it (docs/database.md).",
            org.sitewatch.sink.store.DatabaseRoles.DEFAULTS.owner()),
        new Key(
            "db.sink-role",
            "Role of the sink: writes leads, appends history; granted by `sitewatch db migrate`.",
            org.sitewatch.sink.store.DatabaseRoles.DEFAULTS.sink()),
        new Key(
            "db.analyst-role",
            "Role of the analysts' commands (lead, stats, operation, identifier, recrawl, evidence, user) and of the workbench, which keeps its accounts; granted by `sitewatch db migrate`.",
            org.sitewatch.sink.store.DatabaseRoles.DEFAULTS.analyst()),
        new Key(
            "db.tips-role",
            "Role of the public tip-off site (`sitewatch tips`): adds tips and reads their status, nothing else; granted by `sitewatch db migrate` (docs/tips.md).",
            org.sitewatch.sink.store.DatabaseRoles.DEFAULTS.tips()),
        new Key(
            "crawler.max-pages-per-site",
            "Pages fetched per site and crawl at most.",
            str(c.maxPagesPerSite())),
        new Key("crawler.max-depth", "Link depth from a site's seed URL.", str(c.maxDepth())),
        new Key(
            "crawler.max-site-hops",
            "Site-to-site hops from a seed that discovered links may go (0: never follow links to other sites).",
            str(c.maxSiteHops())),
        new Key(
            "crawler.politeness-delay",
            "Delay between two requests to the same host.",
            c.politenessDelayMs() + "ms"),
        new Key(
            "crawler.max-concurrent-sites",
            "Sites one worker crawls in parallel.",
            str(c.maxConcurrentSites())),
        new Key(
            "crawler.max-body-bytes",
            "Response bodies are cut at this size (the page is marked truncated).",
            str(c.maxBodyBytes())),
        new Key("crawler.connect-timeout", "TCP connect timeout.", c.connectTimeoutMs() + "ms"),
        new Key("crawler.read-timeout", "Socket read timeout.", c.readTimeoutMs() + "ms"),
        new Key("crawler.user-agent", "User-Agent header sent with every request.", c.userAgent()),
        new Key("crawler.respect-robots", "Obey robots.txt.", str(c.respectRobots())),
        new Key(
            "crawler.allow-private-addresses",
            "Allow loopback and private (RFC 1918, unique-local) targets (tests and demos; --allow-loopback). Link-local, multicast and other special ranges are always refused.",
            str(c.allowPrivateAddresses())),
        new Key(
            "crawler.only-resolved-hosts",
            "Refuse every host that is not in crawler.resolve (no system DNS at all).",
            str(c.onlyResolvedHosts())),
        new Key(
            "crawler.resolve",
            "Comma-separated HOST=ADDR pairs resolved without DNS (like curl --resolve; also --resolve).",
            ""),
        new Key(
            "crawler.recrawl-after",
            "A site crawled less than this long ago is not crawled again by any worker of the group (the crawl-state topic keeps each site's last crawl; the re-checks of leads, tips and analysts' requests, sources RECRAWL, TIP and ANALYST, excepted).",
            duration(c.recrawlAfter())),
        new Key(
            "crawler.work-dir",
            "Folder crawler4j insists on per crawl; nothing is written there (the frontier is in memory). Empty: <local.data-dir>/crawler.",
            ""),
        new Key("crawler.group-id", "Kafka consumer group of the crawler workers.", c.groupId()),
        new Key(
            "crawler.checkpoint-pages",
            "A running site crawl publishes its state (fetched and pending URLs) to the crawl-state topic after this many fetched URLs, so a worker taking the site over resumes it (docs/crawl-state.md).",
            str(cp.pages())),
        new Key(
            "crawler.checkpoint-interval",
            "... or when this much time passed since its last checkpoint, whichever comes first.",
            duration(cp.interval())),
        new Key(
            "metrics.port",
            "Port of the process's operations endpoint: /metrics (Prometheus), /health/live, /health/ready (docs/metrics.md); one per process, serving every stage in it. 0: no endpoint.",
            "0"),
        new Key(
            "metrics.bind-address",
            "Address the operations endpoint listens on; loopback unless configured.",
            "127.0.0.1"),
        new Key(
            "log.format",
            "text or json: json writes one JSON object per log line (logback's JsonEncoder) for log shippers; the environment variable also covers the lines logged before the configuration is read.",
            "text"),
        new Key(
            "health.stall-after",
            "A stage whose consumer has records waiting and has processed none of them for longer than this fails its stalled readiness check (docs/metrics.md). 0s: no check.",
            duration(Sections.Ops.DEFAULT_STALL_AFTER)),
        new Key(
            "crawler.metrics-port",
            "Deprecated alias of metrics.port, honoured by the crawler and the all-in-one modes (setting both to different ports is an error). 0: unset.",
            "0"),
        new Key(
            "crawler.metrics-bind-address",
            "Address of the endpoint when it is opened through crawler.metrics-port (metrics.bind-address otherwise).",
            "127.0.0.1"),
        new Key(
            "crawler.metrics-log-interval",
            "Time between two one-line metric summaries (pages/s, bytes/s, active sites, queue depth) in the crawler's log. 0s: none.",
            "30s"),
        new Key(
            "crawler.total-timeout",
            "Deadline for one HTTP exchange, request to last body byte (slow-drip servers).",
            c.capture().totalTimeoutMs() + "ms"),
        new Key(
            "crawler.warc-enabled",
            "Write every HTTP exchange to WARC 1.1 files.",
            str(c.capture().warcEnabled())),
        new Key(
            "crawler.warc-dir",
            "Folder of the WARC files (relative: to the current working directory).",
            c.capture().warcDir().toString()),
        new Key(
            "crawler.warc-max-file-bytes",
            "A WARC file is closed and a new one started before it would grow past this.",
            str(c.capture().warcMaxFileBytes())),
        new Key(
            "crawler.operator",
            "Who runs the crawl, written into every WARC file's warcinfo record. Empty: the OS user name.",
            ""),
        new Key(
            "crawler.max-crawl-delay",
            "Longest robots.txt Crawl-delay obeyed (longer ones are cut to this); a host's delay is the larger of crawler.politeness-delay and its capped Crawl-delay.",
            duration(java.time.Duration.ofMillis(c.limits().maxCrawlDelayMs()))),
        new Key(
            "crawler.max-site-bytes",
            "Body bytes downloaded per site crawl at most; the crawl stops after the page that reaches it (per seed: --max-bytes).",
            str(c.limits().maxSiteBytes())),
        new Key(
            "crawler.max-site-duration",
            "Longest time one site crawl may take (per seed: --max-duration).",
            duration(java.time.Duration.ofMillis(c.limits().maxSiteDurationMs()))),
        new Key(
            "crawler.trap.max-url-length",
            "Crawl trap: longer URLs are not fetched (at most 2048, the longest URL any stage carries).",
            str(c.limits().maxUrlLength())),
        new Key(
            "crawler.trap.max-path-segments",
            "Crawl trap: URLs with more path segments are not fetched.",
            str(c.limits().maxPathSegments())),
        new Key(
            "crawler.trap.max-segment-repeats",
            "Crawl trap: URLs in which one path segment occurs more often than this are not fetched.",
            str(c.limits().maxSegmentRepeats())),
        new Key(
            "crawler.trap.max-query-params",
            "Crawl trap: URLs with more query parameters are not fetched.",
            str(c.limits().maxQueryParams())),
        new Key(
            "crawler.trap.max-query-variants",
            "Crawl trap: distinct query strings fetched per path in one site crawl (calendars, facets).",
            str(c.limits().maxQueryVariants())),
        new Key(
            "crawler.max-discoveries-per-site",
            "Other sites one site crawl publishes as crawl requests at most (links and redirects); SITE_CRAWLED counts the rest as discoveriesDropped.",
            str(c.requests().maxDiscoveriesPerSite())),
        new Key(
            "crawler.override.max-pages",
            "Highest per-seed --max-pages a worker accepts; a higher override is clamped and noted in SITE_CRAWLED (overridesClamped).",
            str(c.requests().maxOverridePages())),
        new Key(
            "crawler.override.max-depth",
            "Highest per-seed --max-depth a worker accepts (clamped above).",
            str(c.requests().maxOverrideDepth())),
        new Key(
            "crawler.override.max-bytes",
            "Highest per-seed --max-bytes a worker accepts (clamped above).",
            str(c.requests().maxOverrideBytes())),
        new Key(
            "crawler.override.max-duration",
            "Longest per-seed --max-duration a worker accepts (clamped above).",
            duration(java.time.Duration.ofMillis(c.requests().maxOverrideDurationMs()))),
        new Key(
            "crawler.override.min-politeness-delay",
            "Lowest per-seed --politeness a worker accepts (a lower one is raised to this); the worker's own crawler.politeness-delay is not affected.",
            c.requests().minOverridePolitenessMs() + "ms"),
        new Key(
            "crawler.confirm-gone-user-agent",
            "User-Agent of the second fetch that confirms a seed which looks gone in a recrawl check (docs/politeness.md). Empty: no confirmation.",
            c.requests().confirmUserAgent()),
        new Key(
            "classifier.page-threshold",
            "A page is flagged when its score reaches this.",
            str(k.pageThreshold())),
        new Key(
            "classifier.site-threshold",
            "A site is flagged (becomes a lead) when its score reaches this.",
            str(k.siteThreshold())),
        new Key(
            "classifier.max-signals-per-verdict",
            "Signals kept in a site verdict, strongest first.",
            str(k.maxSignalsPerVerdict())),
        new Key(
            "classifier.max-pages-per-verdict",
            "Pages kept in a site verdict, highest score first.",
            str(k.maxPagesPerVerdict())),
        new Key(
            "classifier.lexicon-file",
            "Extra lexicon file (same format as the built-in ones); one over 4 MiB (read no further) fails start-up. Empty: built-in lexicons only.",
            ""),
        new Key(
            "classifier.url-model",
            "Learned URL model file (written by sitewatch train --urls) used by the URL score instead of the built-in models/url-model.txt; a missing, oversized (> 12 MiB) or malformed file fails start-up. Empty: the built-in model.",
            ""),
        new Key(
            "classifier.application-id",
            "Kafka Streams application.id (also its consumer group).",
            k.applicationId()),
        new Key(
            "classifier.page-time-budget",
            "Longest time scoring one page may take; a page over it is scored on the detectors that ran and gets a time-budget-exceeded finding (at most 1h).",
            duration(k.pageTimeBudget())),
        new Key(
            "classifier.exactly-once",
            "Run the classifier exactly-once (Kafka transactions; the broker needs a transaction log: with a single broker set its transaction.state.log.replication.factor=1, or turn this off). Off: at-least-once, replayed pages still recognised by the site state.",
            str(k.exactlyOnce())),
        new Key(
            "classifier.state-dir",
            "Folder of a classifier process's Kafka Streams state (stores rebuilt from their changelog topics when lost; Kafka Streams adds a sub-folder per application id); created if missing, refused at start if it cannot be written. One per process on a host; in a container, a volume of the pod. Empty: <local.data-dir>/classifier-state. The all-in-one modes use a fresh folder of the run's data folder instead.",
            ""),
        new Key(
            "classifier.lists-dir",
            "Folder of known-site lists (sitewatch lists import writes them; crawlers (link priority) and classifiers read them, and sitewatch eval/classify, at start only, and a bad or oversized folder stops them; a listed host gives the signal url.list:<name>). On other machines mount or copy the same folder; restart both crawlers and classifiers after an import (docs/known-site-lists.md). No folder: no lists. Empty: <local.data-dir>/lists.",
            ""),
        new Key("sink.group-id", "Kafka consumer group of the sink.", s.groupId()),
        new Key(
            "sink.poll-timeout",
            "How long one poll of the verdict topic waits.",
            duration(s.pollTimeout())),
        new Key(
            "sink.reopen-min-weight",
            "A dismissed lead reopens when a newer verdict brings a signal of at least this weight that it did not have (`known-site` list and `discounted` signals never reopen one).",
            str(s.review().reopenMinWeight())),
        new Key(
            "sink.education-domains",
            "Comma-separated domain suffixes of education networks (priority flag education-network).",
            String.join(",", s.review().educationDomains())),
        new Key(
            "sink.simhash-max-distance",
            "Pages whose text SimHashes differ in at most this many bits (0-3) are near-identical: repeat offender against a confirmed, referred or closed lead.",
            Integer.toString(s.review().simhashMaxDistance())),
        new Key(
            "sink.bureaus-file",
            "CSV region_code,bureau_name,contact: the bureau directory for jurisdiction routing. Empty: a small fictional sample (demo only).",
            ""),
        new Key(
            "sink.address-ranges-file",
            "CSV cidr,region_code: where server addresses are (hosting jurisdiction). Empty: the sample (loopback and documentation ranges only).",
            ""),
        new Key(
            "sink.registrants-file",
            "CSV site,region_code,source: operator-supplied registrant data. Empty: none.",
            ""),
        new Key(
            "sink.warc-dir",
            "The crawler's WARC store, read by evidence export to copy each lead page's records into the bundle. Empty: crawler.warc-dir.",
            ""),
        new Key(
            "evidence.signing-key",
            "Ed25519 private key (PKCS#8 PEM, from sitewatch evidence keygen) that signs the manifest of every exported bundle. Empty: a local key kept in <local.data-dir>/evidence-key/ (created on first export; for the all-in-one modes and trials, not a deployment).",
            ""),
        new Key(
            "evidence.trusted-keys",
            "Comma-separated Ed25519 public key files (X.509 PEM) whose signatures evidence verify accepts, besides --public-key.",
            ""),
        new Key(
            "evidence.warc-store",
            "Where WARC files are shared: empty keeps them in the folder (crawler.warc-dir, read through sink.warc-dir); s3://bucket/prefix uploads each closed file to an S3-compatible store (crawler.warc-dir is then the local spool) and evidence export and the workbench read records from it by ranged reads (docs/warc.md).",
            ""),
        new Key(
            "evidence.s3.endpoint",
            "URL of the S3-compatible store (e.g. http://minio:9000). Empty: AWS S3 of evidence.s3.region.",
            ""),
        new Key(
            "evidence.s3.region",
            "Signing region of the object store.",
            org.sitewatch.common.objectstore.S3Settings.DEFAULT_REGION),
        new Key(
            "evidence.s3.path-style",
            "Address buckets as endpoint/bucket/key (most S3-compatible stores) instead of bucket.endpoint/key.",
            "true"),
        new Key(
            "evidence.s3.access-key",
            "Access key of the object store. Empty (with evidence.s3.secret-key empty): the AWS default chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, profile, instance role).",
            ""),
        new Key(
            "evidence.s3.secret-key",
            "Secret key of the object store (with evidence.s3.access-key); never printed or logged. Prefer the environment (SITEWATCH_EVIDENCE_S3_SECRET_KEY or AWS_SECRET_ACCESS_KEY) to a file.",
            ""),
        new Key(
            "sink.recrawl-interval",
            "How often the site of an open lead (any status but CLOSED and DISMISSED) is re-checked; the first check comes one interval after the lead opened. 0: recrawl off.",
            duration(s.recrawl().interval())),
        new Key(
            "sink.recrawl-check-interval",
            "How often the sink looks for leads whose re-check is due.",
            duration(s.recrawl().checkInterval())),
        new Key(
            "sink.max-epoch-ahead",
            "A verdict whose epoch (classifier state generation, a time) lies further in the future than this is refused (an outcome), not applied.",
            duration(s.trust().maxEpochAhead())),
        new Key(
            "sink.max-revision-gap",
            "A verdict more than this many revisions ahead of its lead (in the same epoch; of 0 in a new one) is refused (an outcome), not applied.",
            str(s.trust().maxRevisionGap())),
        new Key(
            "sink.tips.follow-interval",
            "How often the sink moves tip statuses (a lead on the site, a crawl that found nothing, an unreachable site), sends crawl requests left unsent and due retries, and erases old contact data.",
            duration(t.followInterval())),
        new Key(
            "sink.tips.verdict-grace",
            "How long after its site's crawl ended a tip waits for a verdict that flags the site before it is not actionable.",
            duration(t.verdictGrace())),
        new Key(
            "sink.tips.unsent-after",
            "A tip whose crawl request the receiving process (public site, workbench) did not send within this time is sent by the sink.",
            duration(t.unsentAfter())),
        new Key(
            "sink.tips.retry-interval",
            "How long after a crawl that found the reported site unreachable it is crawled again.",
            duration(t.retryInterval())),
        new Key(
            "sink.tips.max-crawl-attempts",
            "Crawls of an unreachable reported site (1-100) before its tips are not actionable.",
            str(t.maxCrawlAttempts())),
        new Key(
            "sink.tips.contact-retention",
            "How long a reporter's contact data is kept; the sink erases it after that (the tip itself stays).",
            duration(t.contactRetention())),
        new Key(
            "tips.per-client-limit",
            "Reports one client (by a keyed hash of its address) may make on the public site within tips.per-client-window; more get HTTP 429.",
            str(p.perClientLimit())),
        new Key("tips.per-client-window", "The per-client window.", duration(p.perClientWindow())),
        new Key(
            "tips.global-limit",
            "Reports the public site takes from everyone within tips.global-window; more get HTTP 429.",
            str(p.globalLimit())),
        new Key("tips.global-window", "The global window.", duration(p.globalWindow())),
        new Key(
            "tips.pow-bits",
            "Leading zero bits (0-28) the browser's proof of work must find before a report is taken; 0: none (forms without JavaScript answer the self-hosted question instead).",
            str(p.powBits())),
        new Key(
            "tips.challenge-lifetime",
            "How long the challenge of a report form stays valid.",
            duration(p.challengeLifetime())),
        new Key(
            "tips.max-body-bytes",
            "Largest request body (1024 to 1048576 bytes) the public site reads; a larger one is refused (HTTP 413) before it is read.",
            str(p.maxBodyBytes())),
        new Key(
            "tips.client-address-header",
            "Header in which a trusted reverse proxy in front of the public site puts the client address (e.g. X-Forwarded-For; its last entry is used). Empty: the connection's address. Set it only behind such a proxy: clients can write any header.",
            p.clientAddressHeader().orElse("")),
        new Key(
            "local.data-dir",
            "Where the all-in-one modes keep embedded Kafka and PostgreSQL files (fresh folders each run unless local.persistent).",
            DEFAULT_DATA_DIR),
        new Key(
            "local.persistent",
            "Keep the embedded Kafka and PostgreSQL in local.data-dir/kafka and /postgres, locked while in use, and reopen them in later runs (what --data-dir DIR sets).",
            "false"),
        new Key(
            "local.idle-timeout",
            "How long --until-idle waits at most for the pipeline to drain.",
            "10m"),
        new Key(
            "local.idle-quiet-period",
            "How long every stage must stay idle before --until-idle finishes.",
            "2s"));
  }

  /** The Markdown table of all keys, as in {@code README.md}. */
  public static String markdownTable() {
    return "| key | environment variable | default | description |\n|---|---|---|---|\n"
        + all().stream()
            .map(
                k ->
                    "| `"
                        + k.name()
                        + "` | `"
                        + k.envName()
                        + "` | "
                        + (k.defaultValue().isEmpty() ? "(empty)" : "`" + k.defaultValue() + "`")
                        + " | "
                        + k.description()
                        + " |")
            .collect(Collectors.joining("\n"))
        + "\n";
  }

  private static String str(Object value) {
    return String.valueOf(value);
  }

  static String duration(java.time.Duration d) {
    long ms = d.toMillis();
    if (ms % 86_400_000 == 0 && ms > 86_400_000) {
      return ms / 86_400_000 + "d";
    }
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
