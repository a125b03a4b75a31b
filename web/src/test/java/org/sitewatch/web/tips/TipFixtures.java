package org.sitewatch.web.tips;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.sitewatch.sink.tips.NewReport;
import org.sitewatch.sink.tips.Receipts;
import org.sitewatch.sink.tips.ReportedUrls;
import org.sitewatch.sink.tips.TipCategory;
import org.sitewatch.sink.tips.TipChannel;
import org.sitewatch.sink.tips.TipStore;
import org.sitewatch.web.testing.Workbench;

/**
 * Tips for the workbench's tests: recorded with the sink's {@link TipStore} as the analyst role
 * (what the hotline form does), moved to a status as the sink would (as the superuser), a kept
 * verdict added as the owner, and read back.
 */
final class TipFixtures {
  private final Workbench workbench;
  private final TipStore store;

  TipFixtures(Workbench workbench) {
    this.workbench = workbench;
    this.store =
        new TipStore(
            workbench.databases().analyst(),
            Clock.systemUTC(),
            new Receipts(),
            Duration.ofDays(180));
  }

  /** A URL on {@code site} as the checker would give it (test sites need not be public names). */
  static ReportedUrls.Url url(String site, String path) {
    String host = "www." + site;
    return new ReportedUrls.Url("http://" + host + path, site, host, host);
  }

  /** A web tip on {@code site} with these paths, category and contact. */
  TipStore.Recorded web(String site, TipCategory category, String contact, String... paths) {
    return store.record(
        new NewReport(
            Arrays.stream(paths).map(p -> url(site, p)).toList(),
            TipChannel.WEB,
            category,
            "seen on " + site,
            Optional.ofNullable(contact),
            Optional.empty(),
            Optional.empty()));
  }

  /** A hotline tip on {@code site} entered by {@code by}. */
  TipStore.Recorded hotline(String site, String by, String description, String contact) {
    return store.record(
        new NewReport(
            List.of(url(site, "/")),
            TipChannel.HOTLINE,
            TipCategory.PAID_CONTENT,
            description,
            Optional.ofNullable(contact),
            Optional.empty(),
            Optional.of(by)));
  }

  /** Moves every tip on {@code site} to a status, as the sink does. */
  void status(String site, String status, String reason) {
    update(
        "UPDATE tip SET status = ?, status_reason = ?, status_at = now() WHERE site = ?",
        status,
        reason,
        site);
  }

  /** The site's tips are "not actionable: not flagged". */
  void notFlagged(String site) {
    status(site, "NOT_ACTIONABLE", "not-flagged");
  }

  /** Keeps an unflagged verdict for {@code site}, as the sink does (written as the owner). */
  void keptVerdict(String site) {
    try (Connection c = workbench.databases().owner().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO tip_verdict (site, epoch, revision, verdict, decided_at, seen_at)"
                    + " VALUES (?, 1, 1, '{\"flagged\": false}'::jsonb, ?, ?)")) {
      s.setString(1, site);
      s.setObject(2, java.sql.Timestamp.from(Instant.now()));
      s.setObject(3, java.sql.Timestamp.from(Instant.now()));
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  void update(String sql, Object... args) {
    try (Connection c = workbench.databases().admin().getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The rows of a query as the superuser, each row's columns joined by {@code |}. */
  List<String> rows(String sql, Object... args) {
    return rows(workbench.databases().admin(), sql, args);
  }

  static List<String> rows(DataSource ds, String sql, Object... args) {
    try (Connection c = ds.getConnection();
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setObject(i + 1, args[i]);
      }
      List<String> out = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          StringBuilder b = new StringBuilder();
          for (int i = 1; i <= n; i++) {
            if (i > 1) {
              b.append('|');
            }
            b.append(rs.getString(i));
          }
          out.add(b.toString());
        }
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  long count(String sql, Object... args) {
    return Long.parseLong(rows(sql, args).get(0));
  }
}
