package org.sitewatch.web.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.web.account.Role;
import org.sitewatch.web.account.Viewer;
import org.sitewatch.web.testing.Workbench;

/**
 * The dashboard's one-pass queries against figures computed here, in Java, from the rows the test
 * wrote: every status, conduct set and bureau set, leads confirmed once or twice, gone before or
 * after confirmation or still online, seen by an analyst of one bureau, of two, and by the admin.
 */
class DashboardFiguresIT {
  static final String BJ = Workbench.BEIJING;
  static final String SH = Workbench.SHANGHAI;
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  static final Instant BASE = Instant.parse("2026-03-01T20:30:00Z");
  static final List<List<String>> CONDUCTS =
      List.of(List.of(), List.of("GAMBLING"), List.of("GAMBLING", "FRAUD"), List.of("FRAUD"));
  static final List<List<String>> BUREAUS =
      List.of(List.of(), List.of(BJ), List.of(SH), List.of(BJ, SH));
  static final String[] CHECK = {null, "ONLINE", "CHANGED", "GONE", "UNKNOWN"};

  /** What the test wrote, per lead. */
  record Row(
      String status,
      List<String> conducts,
      List<String> bureaus,
      Instant opened,
      Instant confirmed,
      Instant gone,
      String check) {}

  static Workbench workbench;
  static final List<Row> rows = new ArrayList<>();

  @BeforeAll
  static void fill() throws Exception {
    workbench = Workbench.start();
    int i = 0;
    try (Connection c = workbench.databases().admin().getConnection()) {
      for (LeadStatus status : LeadStatus.values()) {
        for (List<String> conducts : CONDUCTS) {
          for (List<String> bureaus : BUREAUS) {
            i++;
            long id =
                workbench.lead("combo-" + i + ".test", 0.5, bureaus.toArray(String[]::new)).id();
            Instant opened = BASE.plus(Duration.ofHours(37L * i + i % 5));
            boolean confirmedLead = i % 3 != 0;
            Instant confirmed = confirmedLead ? opened.plusSeconds(600L * i * i + 7 * i) : null;
            Instant gone =
                switch ((i / 4) % 4) {
                  case 0 -> null;
                  case 1 -> opened.plusSeconds(3000L * i * i);
                  case 2 -> opened.minusSeconds(60);
                  default -> opened.plusSeconds(200000L * i);
                };
            String check = CHECK[i % CHECK.length];
            try (PreparedStatement s =
                c.prepareStatement(
                    "UPDATE lead SET status = ?, conducts = ?, first_flagged_at = ?, dismiss_reason ="
                        + " CASE WHEN ? = 'DISMISSED' THEN 'DUPLICATE' END,"
                        + " gone_since = ?, last_check_state = ? WHERE id = ?")) {
              s.setString(1, status.name());
              s.setArray(2, c.createArrayOf("text", conducts.toArray()));
              s.setTimestamp(3, Timestamp.from(opened));
              s.setString(4, status.name());
              s.setTimestamp(5, gone == null ? null : Timestamp.from(gone));
              s.setString(6, check);
              s.setLong(7, id);
              s.executeUpdate();
            }
            if (confirmedLead) {
              // confirmed twice for some: the first confirmation counts
              for (Instant at :
                  i % 2 == 0
                      ? List.of(confirmed.plusSeconds(90000), confirmed)
                      : List.of(confirmed)) {
                try (PreparedStatement s =
                    c.prepareStatement(
                        "INSERT INTO lead_action (lead_id, site, kind, actor, from_status,"
                            + " to_status, at) VALUES (?, ?, 'CONFIRMED', 'ana', 'TRIAGED',"
                            + " 'CONFIRMED', ?)")) {
                  s.setLong(1, id);
                  s.setString(2, "combo-" + i + ".test");
                  s.setTimestamp(3, Timestamp.from(at));
                  s.executeUpdate();
                }
              }
            }
            rows.add(new Row(status.name(), conducts, bureaus, opened, confirmed, gone, check));
          }
        }
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    workbench.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"analyst of Beijing", "analyst of both", "admin"})
  void theOnePassFiguresEqualTheFiguresOfTheRows(String who) {
    Viewer viewer =
        switch (who) {
          case "analyst of Beijing" -> new Viewer(1, "ana", Role.ANALYST, Set.of(BJ));
          case "analyst of both" -> new Viewer(2, "bo", Role.ANALYST, Set.of(BJ, SH));
          default -> new Viewer(3, "root", Role.ADMIN, Set.of());
        };
    List<Row> visible =
        rows.stream()
            .filter(
                r -> viewer.seesAll() || r.bureaus().stream().anyMatch(viewer.bureaus()::contains))
            .toList();
    Map<String, Object> actual =
        new DashboardData(workbench.databases().analyst()).compute(viewer, ZONE);

    assertThat(actual.get("leads")).isEqualTo((long) visible.size());
    Map<String, Long> byStatus = new LinkedHashMap<>();
    for (LeadStatus s : LeadStatus.values()) {
      byStatus.put(s.name(), visible.stream().filter(r -> r.status().equals(s.name())).count());
    }
    assertThat(actual.get("byStatus")).isEqualTo(byStatus);
    Map<String, Long> conducts = new TreeMap<>();
    visible.forEach(r -> r.conducts().forEach(k -> conducts.merge(k, 1L, Long::sum)));
    assertThat(actual.get("byConduct")).isEqualTo(sorted(conducts));
    assertThat(List.copyOf(((Map<?, ?>) actual.get("byConduct")).keySet()))
        .isEqualTo(List.copyOf(sorted(conducts).keySet()));

    // over time: weeks (the rows span about 150 days), Monday to Monday in the zone
    Map<?, ?> overTime = (Map<?, ?>) actual.get("overTime");
    assertThat(overTime.get("unit")).isEqualTo("week");
    LocalDate first = visible.stream().map(r -> day(r.opened())).min(LocalDate::compareTo).get();
    LocalDate last = visible.stream().map(r -> day(r.opened())).max(LocalDate::compareTo).get();
    List<LocalDate> weeks = new ArrayList<>();
    for (LocalDate d = monday(first); !d.isAfter(last); d = d.plusWeeks(1)) {
      weeks.add(d);
    }
    assertThat(overTime.get("labels")).isEqualTo(weeks.stream().map(LocalDate::toString).toList());
    Map<String, long[]> statusSeries = new TreeMap<>();
    Map<String, long[]> conductSeries = new TreeMap<>();
    for (Row r : visible) {
      int w = weeks.indexOf(monday(day(r.opened())));
      statusSeries.computeIfAbsent(r.status(), k -> new long[weeks.size()])[w]++;
      for (String k : r.conducts()) {
        conductSeries.computeIfAbsent(k, x -> new long[weeks.size()])[w]++;
      }
    }
    assertThat(overTime.get("byStatus")).isEqualTo(lists(statusSeries));
    assertThat(overTime.get("byConduct")).isEqualTo(lists(conductSeries));

    List<Row> confirmed = visible.stream().filter(r -> r.confirmed() != null).toList();
    List<Double> toConfirmation =
        confirmed.stream()
            .map(r -> (double) ChronoUnit.SECONDS.between(r.opened(), r.confirmed()))
            .toList();
    List<Double> toTakedown =
        confirmed.stream()
            .filter(r -> r.gone() != null && !r.gone().isBefore(r.confirmed()))
            .map(r -> (double) ChronoUnit.SECONDS.between(r.confirmed(), r.gone()))
            .toList();
    assertThat(toTakedown).isNotEmpty();
    Map<String, Object> confirmation = duration(toConfirmation);
    assertThat(actual.get("firstFlagToConfirmation")).isEqualTo(confirmation);
    Map<String, Object> takedown = duration(toTakedown);
    takedown.put(
        "stillOnline",
        confirmed.stream()
            .filter(
                r ->
                    r.gone() == null && ("ONLINE".equals(r.check()) || "CHANGED".equals(r.check())))
            .count());
    takedown.put(
        "goneBeforeConfirmation",
        confirmed.stream()
            .filter(r -> r.gone() != null && r.gone().isBefore(r.confirmed()))
            .count());
    assertThat(actual.get("confirmationToTakedown")).isEqualTo(takedown);

    Map<String, Long> bureaus = new TreeMap<>();
    visible.forEach(r -> r.bureaus().forEach(b -> bureaus.merge("bureau " + b, 1L, Long::sum)));
    assertThat(actual.get("byBureau")).isEqualTo(sorted(bureaus));
    assertThat(List.copyOf(((Map<?, ?>) actual.get("byBureau")).keySet()))
        .isEqualTo(List.copyOf(sorted(bureaus).keySet()));
    assertThat(actual.get("unrouted"))
        .isEqualTo(visible.stream().filter(r -> r.bureaus().isEmpty()).count());
    if (viewer.seesAll()) {
      assertThat(actual.get("unrouted")).isNotEqualTo(0L);
    }
  }

  static LocalDate day(Instant at) {
    return at.atZone(ZONE).toLocalDate();
  }

  static LocalDate monday(LocalDate d) {
    return d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
  }

  static Map<String, List<Long>> lists(Map<String, long[]> series) {
    Map<String, List<Long>> out = new LinkedHashMap<>();
    series.forEach((k, v) -> out.put(k, Arrays.stream(v).boxed().toList()));
    return out;
  }

  /** By count, highest first, then by name. */
  static Map<String, Long> sorted(Map<String, Long> counts) {
    Map<String, Long> out = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(
            (a, b) ->
                a.getValue().equals(b.getValue())
                    ? a.getKey().compareTo(b.getKey())
                    : Long.compare(b.getValue(), a.getValue()))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /** Count, median, p90 (PostgreSQL's percentile_cont: linear between neighbours), histogram. */
  static Map<String, Object> duration(List<Double> seconds) {
    List<Double> s = seconds.stream().sorted().toList();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("count", (long) s.size());
    m.put("medianSeconds", percentile(s, 0.5));
    m.put("p90Seconds", percentile(s, 0.9));
    long[] histogram = new long[DashboardData.BOUNDS.length + 1];
    for (double x : s) {
      int b = 0;
      while (b < DashboardData.BOUNDS.length && x >= DashboardData.BOUNDS[b]) {
        b++;
      }
      histogram[b]++;
    }
    Map<String, Object> hist = new LinkedHashMap<>();
    hist.put("labels", DashboardData.BOUND_LABELS);
    hist.put("counts", Arrays.stream(histogram).boxed().toList());
    m.put("histogram", hist);
    return m;
  }

  static Long percentile(List<Double> sorted, double p) {
    if (sorted.isEmpty()) {
      return null;
    }
    double pos = p * (sorted.size() - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return Math.round(sorted.get(lo) + (sorted.get(hi) - sorted.get(lo)) * (pos - lo));
  }
}
