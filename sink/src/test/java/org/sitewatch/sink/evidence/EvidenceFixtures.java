package org.sitewatch.sink.evidence;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.sitewatch.events.Finding;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.sink.evidence.bundle.BundleExporter;
import org.sitewatch.sink.evidence.custody.CustodyLog;
import org.sitewatch.sink.evidence.signing.SigningKey;
import org.sitewatch.sink.evidence.signing.TrustedKey;
import org.sitewatch.sink.evidence.verify.BundleLimits;
import org.sitewatch.sink.evidence.verify.BundleVerifier;
import org.sitewatch.sink.evidence.verify.VerificationReport;
import org.sitewatch.sink.evidence.warc.WarcSource;
import org.sitewatch.sink.operations.Operations;
import org.sitewatch.sink.store.LeadStore;
import org.sitewatch.sink.workflow.ReviewPolicy;

/** Verdicts with everything a bundle shows, in mild wording; one snippet carries markup. */
public final class EvidenceFixtures {
  public static final Instant DECIDED = Instant.parse("2026-11-20T08:00:00Z");
  public static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-21T09:30:00.123456789Z"), ZoneOffset.UTC);

  /**
   * The test deployment's signing key: one per test run, so exports of one state are
   * byte-identical.
   */
  public static final SigningKey KEY = SigningKey.generate();

  private EvidenceFixtures() {}

  /** Verifies with {@link #KEY} trusted and default limits, without a database. */
  public static VerificationReport verify(java.nio.file.Path zip) {
    return verifier().verify(zip);
  }

  public static BundleVerifier verifier() {
    return new BundleVerifier(List.of(TrustedKey.of(KEY, "test key")), BundleLimits.DEFAULTS);
  }

  /**
   * An exporter of {@code db} with default review policy, {@link #CLOCK}, {@link #KEY}, no WARC
   * store.
   */
  public static BundleExporter exporter(DataSource db) {
    return exporterBuilder(db).build();
  }

  /** The same, copying WARC records from {@code warcs}. */
  public static BundleExporter exporter(DataSource db, WarcSource warcs) {
    return exporterBuilder(db).warcs(warcs).build();
  }

  /** The parts of {@link #exporter(DataSource)}, to change one. */
  public static BundleExporter.Builder exporterBuilder(DataSource db) {
    return BundleExporter.builder()
        .dataSource(db)
        .clock(CLOCK)
        .leads(new LeadStore(db, CLOCK, ReviewPolicy.DEFAULTS))
        .custody(new CustodyLog(db, CLOCK))
        .operations(new Operations(db, CLOCK, ReviewPolicy.DEFAULTS))
        .sitewatchVersion("9.9.9-test")
        .signingKey(KEY);
  }

  public static SiteVerdict verdict(String site, long revision) {
    String page = "https://" + site + "/vip";
    return new SiteVerdict(
        SiteVerdict.VERSION,
        site,
        revision,
        true,
        0.8,
        3,
        List.of("explicit", "profit"),
        List.of(
            new SignalHit(
                "kw.zh.explicit.seqing", "explicit", 0.6, 4, "免费在线 色情 视频 <script>x</script>", page),
            new SignalHit(
                "kw.zh.profit.vip",
                "profit",
                0.3,
                (int) revision,
                "开通VIP会员 (rev " + revision + ")",
                page)),
        List.of(new PageRef(page, 0.8, "ab".repeat(32), DECIDED.minusSeconds(60))),
        "lex-" + revision,
        DECIDED.plusSeconds(revision),
        List.of("profit-spreading"),
        List.of(
            new Identifier("qq", "12345678", "客服QQ 12345678", page, Map.of("strength", "strong"))),
        List.of(
            new Finding(
                "forged-filing", "province and area code disagree", "京ICP备12345678号", page)));
  }
}
