package org.sitewatch.web.tips;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sitewatch.sink.store.LeadStoreException;
import org.sitewatch.sink.tips.Receipts;
import org.sitewatch.sink.tips.ReportedUrls;
import org.sitewatch.sink.tips.TipCategory;
import org.sitewatch.sink.tips.TipChannel;
import org.sitewatch.sink.tips.TipSettings;
import org.sitewatch.sink.tips.TipStore;
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
 * Tips in the workbench (docs/tips.md, "In the workbench"): the tip queue ({@code GET /tips},
 * {@link Permission#VIEW_TIPS}), "open a lead by hand" ({@code POST /tips/open-lead}, {@link
 * Permission#OPEN_LEAD_FROM_TIP}) and the hotline form ({@code GET} and {@code POST /tips/new},
 * {@link Permission#ENTER_TIPS}). The actor of every change is the signed-in account, never a form
 * field. A hotline tip is recorded with the sink's {@link TipStore}, as the public site records a
 * web tip, and its crawl requests are sent at once when the workbench has Kafka; otherwise, or when
 * the broker does not answer, the sink sends them ({@link TipSettings#unsentAfter()}).
 */
public final class TipsFeature implements Feature {
  private static final Logger log = LoggerFactory.getLogger(TipsFeature.class);

  private final Services services;
  private final TipQueue queue;
  private final OpenByHand opener;
  private final TipStore store;
  private final boolean allowPrivateTargets;

  public TipsFeature(Services services) {
    this(services, TipSettings.DEFAULT_CONTACT_RETENTION, false);
  }

  /**
   * @param contactRetention how long a hotline caller's contact is kept (then the sink erases it)
   * @param allowPrivateTargets take tips for loopback and private addresses (as the crawler's
   *     {@code crawler.allow-private-addresses}: demos and tests on loopback)
   */
  public TipsFeature(Services services, Duration contactRetention, boolean allowPrivateTargets) {
    this.services = services;
    this.allowPrivateTargets = allowPrivateTargets;
    this.queue = new TipQueue(services.dataSource());
    this.opener = new OpenByHand(services.dataSource(), services.clock());
    this.store =
        new TipStore(services.dataSource(), services.clock(), new Receipts(), contactRetention);
  }

  @Override
  public void register(Routes routes) {
    routes.page("/tips", v -> v.role().may(Permission.VIEW_TIPS), this::queue);
    routes.action(
        "/tips/open-lead", v -> v.role().may(Permission.OPEN_LEAD_FROM_TIP), this::openLead);
    routes.page(
        "/tips/new", TipsFeature::mayEnter, ctx -> form(ctx, 200, HotlineForm.EMPTY, List.of()));
    routes.action("/tips/new", TipsFeature::mayEnter, this::enter);
  }

  private static boolean mayEnter(Viewer v) {
    return v.role().may(Permission.ENTER_TIPS);
  }

  // ---- the queue

  private void queue(Context ctx) {
    TipFilter filter =
        TipFilter.parse(
            ctx.queryParam("show"),
            ctx.queryParam("channel"),
            ctx.queryParam("category"),
            ctx.queryParam("site"));
    Optional<String> after = Optional.ofNullable(ctx.queryParam("after"));
    TipQueue.Page result = queue.page(Web.viewer(ctx), filter, after, TipQueue.PAGE);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("page", Web.page(ctx));
    params.put("filter", filter);
    params.put("groups", result.groups());
    params.put("shows", List.of(TipFilter.Show.values()));
    params.put("channels", List.of(TipChannel.values()));
    params.put("categories", List.of(TipCategory.values()));
    params.put("firstHref", "/tips?" + filter.query());
    params.put(
        "nextHref", result.next().map(n -> "/tips?" + filter.query() + "&after=" + n).orElse(""));
    params.put("firstPage", after.isEmpty());
    services.views().render(ctx, "tips/queue.jte", params);
  }

  // ---- open a lead by hand

  private void openLead(Context ctx) {
    Viewer viewer = Web.viewer(ctx);
    PageContext page = Web.page(ctx);
    Optional<String> site = TipFilter.site(ctx.formParam("site"));
    if (site.isEmpty()) {
      error(ctx, page, 400, page.m().t("tips.open.noSite"));
      return;
    }
    OpenByHand.Result result = opener.open(site.get(), viewer.name());
    if (result.outcome() != OpenByHand.Outcome.ASKED) {
      error(ctx, page, 409, page.m().t("tips.open." + result.outcome().name(), site.get()));
      return;
    }
    log.info(
        "lead asked for by hand on {} by {} ({} tips)",
        site.get(),
        viewer.name(),
        result.tips().size());
    ctx.redirect(
        "/tips?show=all&site=" + URLEncoder.encode(site.get(), StandardCharsets.UTF_8),
        HttpStatus.SEE_OTHER);
  }

  // ---- the hotline form

  private void form(Context ctx, int status, HotlineForm form, List<HotlineForm.Problem> problems) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("page", Web.page(ctx));
    params.put("form", form);
    params.put("problems", problems);
    params.put("categories", List.of(TipCategory.values()));
    params.put("maxUrls", ReportedUrls.MAX_URLS);
    params.put("available", services.crawlRequests().isPresent());
    ctx.status(status);
    services.views().render(ctx, "tips/new.jte", params);
  }

  private void enter(Context ctx) {
    Viewer viewer = Web.viewer(ctx);
    PageContext page = Web.page(ctx);
    HotlineForm form =
        new HotlineForm(
            ctx.formParam("urls"),
            ctx.formParam("category"),
            ctx.formParam("description"),
            ctx.formParam("contact"));
    HotlineForm.Checked checked = form.check(viewer.name(), page.m(), allowPrivateTargets);
    if (checked.report().isEmpty()) {
      form(ctx, 400, form, checked.problems());
      return;
    }
    TipStore.Recorded recorded = store.record(checked.report().get());
    Sending sending = send(recorded, viewer);
    log.info(
        "hotline tip on {} site(s) entered by {}; crawl requests {}",
        recorded.tips().size(),
        viewer.name(),
        sending);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("page", page);
    params.put("receipt", recorded.receipt());
    params.put("tips", recorded.tips());
    params.put("urls", checked.urls());
    params.put("sending", sending.name());
    services.views().render(ctx, "tips/recorded.jte", params);
  }

  /** What became of a hotline tip's crawl requests. */
  enum Sending {
    /** All sent and noted. */
    SENT,
    /** The workbench has no Kafka: the sink sends them. */
    NO_KAFKA,
    /** The broker did not take them all: the sink sends what is left. */
    FAILED
  }

  private Sending send(TipStore.Recorded recorded, Viewer viewer) {
    if (services.crawlRequests().isEmpty()) {
      return Sending.NO_KAFKA;
    }
    List<Long> sent = new ArrayList<>();
    Sending outcome = Sending.SENT;
    for (TipStore.Tip tip : recorded.tips()) {
      try {
        services.crawlRequests().get().send(tip.crawlRequest());
        sent.add(tip.id());
      } catch (IllegalStateException e) {
        log.warn(
            "crawl request for hotline tip {} ({}) by {} not sent, left to the sink: {}",
            tip.id(),
            tip.site(),
            viewer.name(),
            e.getMessage());
        outcome = Sending.FAILED;
        break;
      }
    }
    try {
      store.markSent(sent);
    } catch (LeadStoreException e) {
      // the tip is recorded and its receipt must still be shown: the sink sends the request again
      // and the crawler takes it twice, which is harmless
      log.warn("hotline tips {} sent but not noted as sent: {}", sent, e.getMessage());
    }
    return outcome;
  }

  private void error(Context ctx, PageContext page, int status, String detail) {
    ctx.status(status);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("page", page);
    params.put("status", status);
    params.put("detail", detail);
    services.views().render(ctx, "error.jte", params);
  }
}
