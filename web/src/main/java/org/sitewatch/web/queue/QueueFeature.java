package org.sitewatch.web.queue;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.sink.lead.PriorityFlag;
import org.sitewatch.web.Feature;
import org.sitewatch.web.Services;
import org.sitewatch.web.account.Viewer;
import org.sitewatch.web.data.LeadQueue;
import org.sitewatch.web.data.QueueRow;
import org.sitewatch.web.http.Routes;
import org.sitewatch.web.http.Web;
import org.sitewatch.web.view.PageContext;

/**
 * The queue, the analysts' default view: the viewer's leads, highest priority first, with filters,
 * search and keyset paging ({@code GET /queue}); new leads pushed to the open page ({@code GET
 * /queue/events}, server-sent events); the same list for integrations ({@code GET /api/leads},
 * JSON). The parameters are the same everywhere ({@link QueueQuery}).
 */
public final class QueueFeature implements Feature, AutoCloseable {
  /** Conducts the classifier assigns, offered in the filter (any other label is accepted too). */
  static final List<String> CONDUCTS =
      List.of("solicitation", "for-profit", "showing-audio-video", "without-profit");

  private final Services services;
  private final LeadQueue queue;
  private final LiveQueue live;

  public QueueFeature(Services services) {
    this.services = services;
    this.queue = new LeadQueue(services.dataSource());
    this.live = new LiveQueue(queue, services.clock());
  }

  @Override
  public void register(Routes routes) {
    routes.page("/queue", Routes.SIGNED_IN, this::page);
    routes.events("/queue/events", Routes.SIGNED_IN, this::events);
    routes.apiGet("/api/leads", Routes.SIGNED_IN, this::api);
  }

  private void page(Context ctx) {
    QueueQuery query = query(ctx);
    Viewer viewer = Web.viewer(ctx);
    PageContext page = Web.page(ctx);
    long since = queue.lastId(viewer);
    LeadQueue.Page result = queue.page(viewer, query.filter(), query.after(), query.limit());
    String filterQuery = QueueQuery.queryString(query.filter());
    Map<String, Object> params = new HashMap<>();
    params.put("page", page);
    params.put("filter", query.filter());
    params.put("lines", result.rows().stream().map(r -> QueueLine.of(r, page)).toList());
    params.put("columns", QueueLine.COLUMNS);
    params.put("statuses", List.of(LeadStatus.values()));
    params.put("flags", List.of(PriorityFlag.values()));
    params.put("conducts", CONDUCTS);
    params.put("firstPage", query.after().isEmpty());
    params.put("firstHref", "/queue" + (filterQuery.isEmpty() ? "" : "?" + filterQuery));
    params.put(
        "nextHref",
        result
            .next()
            .map(
                c ->
                    "/queue?"
                        + (filterQuery.isEmpty() ? "" : filterQuery + "&")
                        + "after="
                        + c.encode())
            .orElse(""));
    params.put("eventsHref", "/queue/events" + (filterQuery.isEmpty() ? "" : "?" + filterQuery));
    params.put("since", since);
    services.views().render(ctx, "queue.jte", params);
  }

  private void events(SseClient client) {
    Context ctx = client.ctx();
    QueueQuery query;
    try {
      query = QueueQuery.parse(ctx.queryParamMap());
    } catch (QueueQuery.BadQuery e) {
      client.sendEvent("stop", "bad query", "0");
      client.close();
      return;
    }
    Viewer viewer = Web.viewer(ctx);
    PageContext page = Web.page(ctx);
    long since =
        startId(ctx.header("Last-Event-ID"))
            .or(() -> startId(ctx.queryParam("since")))
            .orElseGet(() -> queue.lastId(viewer));
    live.connect(client, viewer, query.filter(), since, r -> QueueLine.of(r, page));
  }

  private void api(Context ctx) {
    QueueQuery query = query(ctx);
    LeadQueue.Page result =
        queue.page(Web.viewer(ctx), query.filter(), query.after(), query.limit());
    Map<String, Object> body = new HashMap<>();
    body.put("leads", result.rows().stream().map(ApiLead::of).toList());
    body.put("next", result.next().map(c -> c.encode()).orElse(null));
    ctx.json(body);
  }

  private static QueueQuery query(Context ctx) {
    try {
      return QueueQuery.parse(ctx.queryParamMap());
    } catch (QueueQuery.BadQuery e) {
      throw new BadRequestResponse(e.getMessage());
    }
  }

  /** A lead id to start a live stream after; a bad one is ignored. */
  private static Optional<Long> startId(String raw) {
    if (raw == null
        || raw.isEmpty()
        || raw.length() > 18
        || !raw.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    return Optional.of(Long.parseLong(raw));
  }

  /** Stops the live queue's poller with the server. */
  @Override
  public void close() {
    live.close();
  }

  /** A lead in {@code GET /api/leads}. */
  record ApiLead(
      long id,
      String site,
      String status,
      int priority,
      String severity,
      List<String> flags,
      double score,
      List<String> conducts,
      String assignee,
      boolean newEvidence,
      String firstFlaggedAt,
      String updatedAt,
      List<Map<String, String>> bureaus) {
    static ApiLead of(QueueRow r) {
      return new ApiLead(
          r.id(),
          r.site(),
          r.status().name(),
          r.priority(),
          r.severity().name(),
          r.flags().stream().map(PriorityFlag::label).toList(),
          r.score(),
          r.conducts(),
          r.assignee().orElse(null),
          r.newEvidence(),
          r.firstFlaggedAt().toString(),
          r.updatedAt().toString(),
          r.routes().stream()
              .map(b -> Map.of("regionCode", b.regionCode(), "bureau", b.bureau()))
              .toList());
    }
  }
}
