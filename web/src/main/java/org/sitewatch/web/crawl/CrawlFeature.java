package org.sitewatch.web.crawl;

import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.sitewatch.common.net.Sites;
import org.sitewatch.events.CrawlRequest;
import org.sitewatch.web.Feature;
import org.sitewatch.web.Services;
import org.sitewatch.web.account.Permission;
import org.sitewatch.web.account.Viewer;
import org.sitewatch.web.http.Routes;
import org.sitewatch.web.http.Web;
import org.sitewatch.web.view.PageContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Send a site to be crawled ({@code /crawl}, permission {@link Permission#REQUEST_CRAWL}): a form
 * with one http(s) URL, published as a {@link CrawlRequest} with source {@code ANALYST} and the
 * highest priority (someone is waiting for it), recorded under the signed-in analyst's name, and
 * the analyst's requests with their progress, which {@code assets/crawl.js} refreshes from {@code
 * /crawl/requests} every few seconds until each has its verdict.
 */
public final class CrawlFeature implements Feature {
  private static final Logger log = LoggerFactory.getLogger(CrawlFeature.class);

  /** The priority of an analyst's request: someone is waiting at the screen. */
  static final int PRIORITY = CrawlRequest.MAX_PRIORITY;

  private final Services services;
  private final SentRequests sent;

  public CrawlFeature(Services services) {
    this.services = services;
    this.sent = new SentRequests(services.dataSource());
  }

  @Override
  public void register(Routes routes) {
    routes.page(
        "/crawl",
        CrawlFeature::allowed,
        ctx -> {
          String site = Optional.ofNullable(ctx.queryParam("sent")).orElse("");
          form(ctx, 200, "", "", site.length() > 253 ? "" : site);
        });
    routes.action("/crawl", CrawlFeature::allowed, this::submit);
    routes.page("/crawl/requests", CrawlFeature::allowed, this::progress);
  }

  private static boolean allowed(Viewer v) {
    return v.role().may(Permission.REQUEST_CRAWL);
  }

  private void form(Context ctx, int status, String url, String error, String done) {
    Viewer viewer = Web.viewer(ctx);
    List<SentRequests.Sent> mine = sent.mine(viewer);
    Map<String, Object> params = new HashMap<>();
    params.put("page", Web.page(ctx));
    params.put("available", services.crawlRequests().isPresent());
    params.put("url", url);
    params.put("error", error);
    // "sent X" only for a site the viewer did send, so that a crafted link cannot claim otherwise
    params.put("done", mine.stream().anyMatch(r -> r.site().equals(done)) ? done : "");
    params.put("requests", mine);
    params.put("maxLength", CrawlRequest.MAX_URL_LENGTH);
    ctx.status(status);
    services.views().render(ctx, "crawl/crawl.jte", params);
  }

  private void submit(Context ctx) {
    PageContext page = Web.page(ctx);
    String raw = Optional.ofNullable(ctx.formParam("url")).orElse("").strip();
    String typed = raw.length() > CrawlRequest.MAX_URL_LENGTH ? "" : raw;
    if (services.crawlRequests().isEmpty()) {
      form(ctx, 503, typed, page.m().t("crawl.unavailable"), "");
      return;
    }
    Optional<String> url = url(raw);
    if (url.isEmpty()) {
      form(ctx, 400, typed, page.m().t("crawl.error.url", CrawlRequest.MAX_URL_LENGTH), "");
      return;
    }
    String site;
    try {
      site = Sites.siteOf(url.get());
    } catch (IllegalArgumentException e) {
      form(ctx, 400, typed, page.m().t("crawl.error.url", CrawlRequest.MAX_URL_LENGTH), "");
      return;
    }
    Viewer viewer = Web.viewer(ctx);
    CrawlRequest request =
        new CrawlRequest(
                CrawlRequest.VERSION,
                url.get(),
                site,
                CrawlRequest.Source.ANALYST,
                0,
                null,
                services.clock().instant().truncatedTo(ChronoUnit.MICROS))
            .with(PRIORITY, null)
            .traced();
    try {
      sent.record(request, viewer.name(), () -> services.crawlRequests().get().send(request));
    } catch (IllegalStateException e) {
      log.warn("crawl request for {} by {} not sent: {}", site, viewer.name(), e.getMessage());
      form(ctx, 503, typed, page.m().t("crawl.error.send"), "");
      return;
    }
    log.info("crawl request for {} sent by {}", site, viewer.name());
    ctx.redirect("/crawl?sent=" + URLEncoder.encode(site, StandardCharsets.UTF_8));
  }

  /**
   * The URL to request, or empty: absolute http or https (scheme in any case, written lower case),
   * no spaces or control characters, at most {@link CrawlRequest#MAX_URL_LENGTH} characters.
   */
  static Optional<String> url(String raw) {
    if (raw.isEmpty() || raw.length() > CrawlRequest.MAX_URL_LENGTH) {
      return Optional.empty();
    }
    if (raw.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
      return Optional.empty();
    }
    String lower = raw.toLowerCase(Locale.ROOT);
    String url;
    if (lower.startsWith("http://")) {
      url = "http://" + raw.substring(7);
    } else if (lower.startsWith("https://")) {
      url = "https://" + raw.substring(8);
    } else {
      return Optional.empty();
    }
    try {
      Sites.hostOf(url);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return Optional.of(url);
  }

  /** The viewer's requests and their progress, for crawl.js. */
  private void progress(Context ctx) {
    PageContext page = Web.page(ctx);
    List<Map<String, Object>> rows = new ArrayList<>();
    boolean pending = false;
    for (SentRequests.Sent s : sent.mine(Web.viewer(ctx))) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", s.id());
      row.put("state", s.state().name());
      row.put("stateText", page.m().t("crawl.state." + s.state().name()));
      row.put("lead", s.leadId() == 0 ? null : "/leads/" + s.leadId());
      row.put(
          "leadText",
          s.leadId() == 0 ? "" : page.m().t("crawl.lead", page.m().t("status." + s.leadStatus())));
      rows.add(row);
      pending |= !s.state().done();
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("requests", rows);
    body.put("pending", pending);
    ctx.json(body);
  }
}
