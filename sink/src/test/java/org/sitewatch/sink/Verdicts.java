package org.sitewatch.sink;

import java.time.Instant;
import java.util.List;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.events.SiteVerdict;

/** Verdict fixtures with mild wording. */
public final class Verdicts {
  public static final Instant DECIDED = Instant.parse("2026-11-20T08:00:00Z");

  private Verdicts() {}

  public static SiteVerdict flagged(String site, long revision, double score) {
    return verdict(site, revision, true, score);
  }

  public static SiteVerdict unflagged(String site, long revision, double score) {
    return verdict(site, revision, false, score);
  }

  public static SiteVerdict verdict(String site, long revision, boolean flagged, double score) {
    String page = "https://" + site + "/vip";
    return new SiteVerdict(
        SiteVerdict.VERSION,
        site,
        revision,
        flagged,
        score,
        (int) revision * 3,
        List.of("explicit", "profit"),
        List.of(
            new SignalHit("kw.zh.explicit.seqing", "explicit", 0.6, 4, "免费在线 色情 视频 每日更新", page),
            new SignalHit(
                "kw.zh.profit.vip",
                "profit",
                0.3,
                (int) revision,
                "开通VIP会员 观看全部成人视频 (rev " + revision + ")",
                page)),
        List.of(new PageRef(page, score, "ab".repeat(32), DECIDED.minusSeconds(60))),
        "lex-" + revision,
        DECIDED.plusSeconds(revision));
  }
}
