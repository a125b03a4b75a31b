package org.sitewatch.web.dashboard;

import io.javalin.http.Context;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.web.Feature;
import org.sitewatch.web.Services;
import org.sitewatch.web.account.Viewer;
import org.sitewatch.web.http.Routes;
import org.sitewatch.web.http.Web;
import org.sitewatch.web.view.PageContext;

/**
 * The campaign dashboard: {@code /dashboard} is a page of empty chart containers that {@code
 * assets/dashboard.js} fills with ECharts (SVG renderer, served from the webjar) from {@code
 * /dashboard/data}; {@code GET /api/stats} gives the same figures to integrations. Every figure is
 * over the leads the viewer may see ({@link DashboardData}), kept for a short while per scope
 * ({@link DashboardCache}); the page says when they were computed.
 */
public final class DashboardFeature implements Feature {
  /** The most scopes (bureau sets and time zones) whose figures are kept. */
  static final int MAX_SCOPES = 256;

  private static final DateTimeFormatter AS_OF = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final Services services;
  private final DashboardData data;
  private final DashboardCache cache;

  public DashboardFeature(Services services) {
    this.services = services;
    this.data = new DashboardData(services.dataSource());
    this.cache = new DashboardCache(services.clock(), services.dashboardCacheTtl(), MAX_SCOPES);
  }

  @Override
  public void register(Routes routes) {
    routes.page(
        "/dashboard",
        Routes.SIGNED_IN,
        ctx ->
            services.views().render(ctx, "dashboard/dashboard.jte", Map.of("page", Web.page(ctx))));
    routes.page("/dashboard/data", Routes.SIGNED_IN, this::chartData);
    routes.apiGet(
        "/api/stats",
        Routes.SIGNED_IN,
        ctx -> {
          DashboardCache.Figures f = figures(ctx, Web.page(ctx).zone());
          Map<String, Object> json = new LinkedHashMap<>(f.figures());
          json.put("computedAt", f.computedAt().toString());
          ctx.json(json);
        });
  }

  /** The viewer's figures, kept at most the cache's ttl. */
  private DashboardCache.Figures figures(Context ctx, ZoneId zone) {
    Viewer viewer = Web.viewer(ctx);
    return cache.get(DashboardCache.Scope.of(viewer, zone), () -> data.compute(viewer, zone));
  }

  /** The figures with the texts the charts show, in the viewer's language. */
  private void chartData(Context ctx) {
    PageContext page = Web.page(ctx);
    DashboardCache.Figures computed = figures(ctx, page.zone());
    Map<String, Object> figures = new LinkedHashMap<>(computed.figures());
    figures.put("computedAt", computed.computedAt().toString());
    figures.put(
        "asOf",
        page.m().t("dashboard.asOf", AS_OF.format(computed.computedAt().atZone(page.zone()))));
    Map<String, String> names = new LinkedHashMap<>();
    for (LeadStatus s : LeadStatus.values()) {
      names.put(s.name(), page.m().t("status." + s.name()));
    }
    for (String key :
        new String[] {"median", "p90", "leads", "count", "stillOnline", "goneBeforeConfirmation"}) {
      names.put(key, page.m().t("dashboard.name." + key));
    }
    figures.put("names", names);
    ctx.json(figures);
  }
}
