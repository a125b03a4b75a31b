package org.sitewatch.web.publicsite;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.sitewatch.sink.tips.TipStore;

/**
 * What the status page shows for a receipt: when the report came in and, per reported site, only
 * its status (never any detail of a lead). Public only for the templates.
 */
public record StatusView(Optional<TipStore.ReportStatus> report, boolean unknown, ZoneId zone) {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd");

  public List<TipStore.SiteStatus> sites() {
    return report.map(TipStore.ReportStatus::sites).orElse(List.of());
  }

  /** A date, to the day (the status page says no more about times). */
  public String day(Instant at) {
    return at == null ? "" : DAY.format(at.atZone(zone));
  }
}
