package org.sitewatch.web.dashboard;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.web.Feature;
import org.sitewatch.web.Services;
import org.sitewatch.web.http.Routes;
import org.sitewatch.web.http.Web;
import org.sitewatch.web.view.PageContext;

/**
 * The campaign dashboard: {@code /dashboard} is a page of empty chart containers that {@code
 * assets/dashboard.js} fills with ECharts (SVG renderer, served from the webjar) from {@code
 * /dashboard/data}; {@code GET /api/stats} gives the same figures to integrations. Every figure is
 * over the leads the viewer may see ({@link DashboardData}).
 */
public final class DashboardFeature implements Feature {
  private final Services services;
  private final DashboardData data;

  public DashboardFeature(Services services) {
    this.services = services;
    this.data = new DashboardData(services.dataSource());
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
        ctx -> ctx.json(data.compute(Web.viewer(ctx), Web.page(ctx).zone())));
  }

  /** The figures with the texts the charts show, in the viewer's language. */
  private void chartData(Context ctx) {
    PageContext page = Web.page(ctx);
    Map<String, Object> figures = new LinkedHashMap<>(data.compute(Web.viewer(ctx), page.zone()));
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
