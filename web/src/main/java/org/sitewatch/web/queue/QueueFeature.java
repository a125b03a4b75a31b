package org.sitewatch.web.queue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sitewatch.sink.store.Database;
import org.sitewatch.web.Feature;
import org.sitewatch.web.Services;
import org.sitewatch.web.account.Viewer;
import org.sitewatch.web.data.Visibility;
import org.sitewatch.web.http.Routes;
import org.sitewatch.web.http.Web;

/** The queue: the viewer's leads, highest priority first. */
public final class QueueFeature implements Feature {
  /** One line of the queue. */
  public record Row(long id, String site, String status, int priority, double score) {}

  private final Services services;
  private final Database db;

  public QueueFeature(Services services) {
    this.services = services;
    this.db = Database.of(services.dataSource());
  }

  @Override
  public void register(Routes routes) {
    routes.page(
        "/queue",
        Routes.SIGNED_IN,
        ctx -> {
          Map<String, Object> params = new HashMap<>();
          params.put("page", Web.page(ctx));
          params.put("rows", rows(Web.viewer(ctx)));
          services.views().render(ctx, "queue.jte", params);
        });
  }

  List<Row> rows(Viewer viewer) {
    return db.withHandle(
        "cannot list leads",
        h ->
            Visibility.bind(
                    h.createQuery(
                        "SELECT id, site, status, priority, score FROM lead WHERE "
                            + Visibility.LEAD
                            + " ORDER BY priority DESC, score DESC, site LIMIT 100"),
                    viewer)
                .map(
                    (rs, c) ->
                        new Row(
                            rs.getLong("id"),
                            rs.getString("site"),
                            rs.getString("status"),
                            rs.getInt("priority"),
                            rs.getDouble("score")))
                .list());
  }
}
