package org.sitewatch.sink.evidence;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.sitewatch.events.Finding;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.sink.Verdicts;

/** Verdicts with everything a bundle shows, in mild wording; one snippet carries markup. */
final class EvidenceFixtures {
  static final Instant DECIDED = Instant.parse("2026-11-20T08:00:00Z");
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-21T09:30:00.123456789Z"), ZoneOffset.UTC);

  /** The test deployment's signing key: one per test run, so exports of one state are byte-identical. */
  static final SigningKey KEY = SigningKey.generate();

  private EvidenceFixtures() {}

  /** Verifies with {@link #KEY} trusted and default limits, without a database. */
  static VerificationReport verify(java.nio.file.Path zip) {
    return verifier().verify(zip);
  }

  static BundleVerifier verifier() {
    return new BundleVerifier(List.of(TrustedKey.of(KEY, "test key")), BundleLimits.DEFAULTS);
  }

  static SiteVerdict verdict(String site, long revision) {
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
            new SignalHit("kw.zh.explicit.seqing", "explicit", 0.6, 4, "免费在线 色情 视频 <script>x</script>", page),
            new SignalHit("kw.zh.profit.vip", "profit", 0.3, (int) revision, "开通VIP会员 (rev " + revision + ")", page)),
        List.of(new PageRef(page, 0.8, "ab".repeat(32), DECIDED.minusSeconds(60))),
        "lex-" + revision,
        DECIDED.plusSeconds(revision),
        List.of("profit-spreading"),
        List.of(new Identifier("qq", "12345678", "客服QQ 12345678", page, Map.of("strength", "strong"))),
        List.of(new Finding("forged-filing", "province and area code disagree", "京ICP备12345678号", page)));
  }
}
