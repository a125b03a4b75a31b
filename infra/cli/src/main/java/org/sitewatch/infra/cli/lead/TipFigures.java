package org.sitewatch.infra.cli.lead;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sitewatch.sink.stats.FollowUpStats;
import org.sitewatch.sink.stats.TipStats;
import org.sitewatch.sink.tips.TipChannel;
import org.sitewatch.sink.tips.TipStatus;

/**
 * The tip figures of {@code sitewatch stats} as text and as its JSON member {@code tips}: every
 * channel and status is listed, with zeros, also before the first tip.
 */
final class TipFigures {
  private final TipStats stats;
  private final Map<String, Long> byChannel = new LinkedHashMap<>();
  private final Map<String, Long> byStatus = new LinkedHashMap<>();

  TipFigures(TipStats stats) {
    this.stats = stats;
    for (TipChannel c : TipChannel.values()) {
      byChannel.put(c.name(), stats.byChannel().getOrDefault(c.name(), 0L));
    }
    byChannel.putAll(stats.byChannel());
    for (TipStatus s : TipStatus.values()) {
      byStatus.put(s.name(), stats.byStatus().getOrDefault(s.name(), 0L));
    }
    byStatus.putAll(stats.byStatus());
  }

  String toText() {
    StringBuilder sb = new StringBuilder();
    sb.append("tip-off reports: ").append(stats.reports()).append('\n');
    section(sb, "reports by channel", byChannel);
    sb.append("tips (one per reported site): ").append(stats.tips()).append('\n');
    section(sb, "tips by status", byStatus);
    sb.append("tips that became leads: ")
        .append(stats.becameLeads())
        .append(String.format(Locale.ROOT, " (%.1f%%)", 100 * stats.leadShare()))
        .append('\n');
    FollowUpStats.Times t = stats.tipToLead();
    sb.append("tip to lead: ");
    if (t.count() == 0 || t.median().isEmpty() || t.p90().isEmpty()) {
      sb.append("none yet\n");
    } else {
      sb.append("median ")
          .append(human(t.median().get()))
          .append(", p90 ")
          .append(human(t.p90().get()))
          .append(" (")
          .append(t.count())
          .append(" tip(s))\n");
    }
    sb.append("top reported sites:\n");
    if (stats.topSites().isEmpty()) {
      sb.append("  (none)\n");
    }
    for (TipStats.ReportedSite site : stats.topSites()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "  %-30s %6d  %s%n",
              site.site(),
              site.tips(),
              site.leadStatus() == null || site.leadStatus().isEmpty()
                  ? "no lead"
                  : "lead " + site.leadStatus()));
    }
    return sb.toString();
  }

  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("reports", stats.reports());
    m.put("byChannel", byChannel);
    m.put("tips", stats.tips());
    m.put("byStatus", byStatus);
    m.put("becameLeads", stats.becameLeads());
    m.put("leadShare", stats.leadShare());
    FollowUpStats.Times t = stats.tipToLead();
    Map<String, Object> toLead = new LinkedHashMap<>();
    toLead.put("count", t.count());
    toLead.put("medianSeconds", t.median().map(Duration::toSeconds).orElse(null));
    toLead.put("p90Seconds", t.p90().map(Duration::toSeconds).orElse(null));
    m.put("tipToLead", toLead);
    List<Map<String, Object>> top =
        stats.topSites().stream()
            .map(
                s -> {
                  Map<String, Object> site = new LinkedHashMap<>();
                  site.put("site", s.site());
                  site.put("tips", s.tips());
                  site.put(
                      "leadStatus",
                      s.leadStatus() == null || s.leadStatus().isEmpty() ? null : s.leadStatus());
                  return site;
                })
            .toList();
    m.put("topSites", top);
    return m;
  }

  private static void section(StringBuilder sb, String title, Map<String, Long> counts) {
    sb.append(title).append(":\n");
    counts.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %-22s %6d%n", k, v)));
  }

  private static String human(Duration d) {
    long h = d.toHours();
    long m = d.toMinutesPart();
    return h > 0 ? h + "h " + m + "m" : d.toMinutes() + "m " + d.toSecondsPart() + "s";
  }
}
