package org.sitewatch.web.queue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.sink.lead.PriorityFlag;
import org.sitewatch.web.data.LeadQueue;
import org.sitewatch.web.data.QueueCursor;
import org.sitewatch.web.data.QueueFilter;

/**
 * The queue's query parameters, shared by the page ({@code /queue}), its live updates ({@code
 * /queue/events}) and the API ({@code /api/leads}): {@code status} (repeatable, e.g. {@code NEW}),
 * {@code conduct} ({@code for-profit}), {@code flag} ({@code minors}, {@code education-network},
 * {@code repeat-offender}), {@code bureau} (a six-digit region code), {@code new} ({@code 1}: new
 * evidence only), {@code assignee}, {@code q} (search), {@code after} (a cursor) and {@code limit}
 * (1 to 200). Empty values are ignored, as an HTML form sends them; a malformed value is a {@link
 * BadQuery}, which the routes answer with 400.
 */
record QueueQuery(QueueFilter filter, Optional<QueueCursor> after, int limit) {
  /** A query parameter the queue cannot read. */
  static final class BadQuery extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadQuery(String message) {
      super(message);
    }
  }

  static QueueQuery parse(Map<String, List<String>> params) {
    Set<LeadStatus> statuses = EnumSet.noneOf(LeadStatus.class);
    for (String s : values(params, "status")) {
      statuses.add(parseEnum(LeadStatus.class, s, "status"));
    }
    Optional<PriorityFlag> flag;
    try {
      flag = one(params, "flag").map(PriorityFlag::ofLabel);
    } catch (IllegalArgumentException e) {
      throw new BadQuery("unknown flag");
    }
    Optional<String> newOnly = one(params, "new");
    if (newOnly.isPresent() && !Set.of("1", "true", "on").contains(newOnly.get())) {
      throw new BadQuery("new must be 1");
    }
    QueueFilter filter;
    try {
      filter =
          new QueueFilter(
              statuses,
              one(params, "conduct"),
              flag,
              one(params, "bureau"),
              newOnly.isPresent(),
              one(params, "assignee"),
              one(params, "q"));
    } catch (IllegalArgumentException e) {
      throw new BadQuery(e.getMessage());
    }
    Optional<QueueCursor> after = Optional.empty();
    Optional<String> cursor = one(params, "after");
    if (cursor.isPresent()) {
      after = QueueCursor.decode(cursor.get());
      if (after.isEmpty()) {
        throw new BadQuery("not a queue cursor");
      }
    }
    int limit = LeadQueue.DEFAULT_LIMIT;
    Optional<String> l = one(params, "limit");
    if (l.isPresent()) {
      try {
        limit = Integer.parseInt(l.get());
      } catch (NumberFormatException e) {
        throw new BadQuery("limit must be a number");
      }
      if (limit < 1 || limit > LeadQueue.MAX_LIMIT) {
        throw new BadQuery("limit must be 1 to " + LeadQueue.MAX_LIMIT);
      }
    }
    return new QueueQuery(filter, after, limit);
  }

  /**
   * The filter as query parameters ({@code a=1&b=2}, no cursor), for links and the event stream.
   */
  static String queryString(QueueFilter f) {
    List<String> parts = new ArrayList<>();
    f.statuses().stream().sorted().forEach(s -> add(parts, "status", s.name()));
    f.conduct().ifPresent(v -> add(parts, "conduct", v));
    f.flag().ifPresent(v -> add(parts, "flag", v.label()));
    f.bureau().ifPresent(v -> add(parts, "bureau", v));
    if (f.newEvidenceOnly()) {
      add(parts, "new", "1");
    }
    f.assignee().ifPresent(v -> add(parts, "assignee", v));
    f.search().ifPresent(v -> add(parts, "q", v));
    return String.join("&", parts);
  }

  private static void add(List<String> parts, String name, String value) {
    parts.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
  }

  private static List<String> values(Map<String, List<String>> params, String name) {
    List<String> v = params.getOrDefault(name, List.of());
    if (v.size() > 20) {
      throw new BadQuery("too many values of " + name);
    }
    return v.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static Optional<String> one(Map<String, List<String>> params, String name) {
    List<String> v = values(params, name);
    if (v.size() > 1) {
      throw new BadQuery(name + " given twice");
    }
    return v.stream().findFirst();
  }

  private static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String name) {
    try {
      return Enum.valueOf(type, value);
    } catch (IllegalArgumentException e) {
      throw new BadQuery("unknown " + name);
    }
  }
}
