package org.sitewatch.web.queue;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.sitewatch.web.data.QueueRow;
import org.sitewatch.web.view.PageContext;

/**
 * One row of the queue table as text in the viewer's language and time zone: the page renders it
 * and the live updates send it, so a row pushed by the server looks like one the page drew. Every
 * cell is plain text, escaped by the template and set with {@code textContent} by {@code queue.js}.
 *
 * @param id the lead's id, for its link {@code /leads/{id}}
 * @param site the site, the link's text
 * @param cells the other columns, in the order of {@link #COLUMNS}
 */
public record QueueLine(long id, String site, List<String> cells) {
  /** Message keys of the headers of {@link #cells}. */
  public static final List<String> COLUMNS =
      List.of(
          "lead.status",
          "lead.priority",
          "queue.col.severity",
          "queue.col.flags",
          "lead.score",
          "queue.col.conducts",
          "queue.col.assignee",
          "queue.col.bureaus",
          "queue.col.newEvidence",
          "queue.col.firstFlagged",
          "queue.col.updated");

  public QueueLine {
    cells = List.copyOf(cells);
  }

  static QueueLine of(QueueRow r, PageContext page) {
    var m = page.m();
    return new QueueLine(
        r.id(),
        r.site(),
        List.of(
            m.t("status." + r.status().name()),
            Integer.toString(r.priority()),
            m.t("queue.severity." + r.severity().name()),
            r.flags().stream()
                .map(f -> m.t("queue.flag." + f.label()))
                .collect(Collectors.joining(", ")),
            String.format(Locale.ROOT, "%.2f", r.score()),
            r.conducts().stream().map(c -> conduct(page, c)).collect(Collectors.joining(", ")),
            r.assignee().orElse(""),
            r.routes().stream()
                .map(b -> b.bureau() + " (" + b.regionCode() + ")")
                .collect(Collectors.joining(", ")),
            r.newEvidence() ? m.t("queue.newEvidence.yes") : "",
            page.time(r.firstFlaggedAt()),
            page.time(r.updatedAt())));
  }

  /** A known conduct in the viewer's language; an unknown one as it is stored. */
  private static String conduct(PageContext page, String conduct) {
    String text = page.m().t("queue.conduct." + conduct);
    return text.startsWith("??") ? conduct : text;
  }
}
