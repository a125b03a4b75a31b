package org.sitewatch.web.capture;

import com.fasterxml.jackson.core.type.TypeReference;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.sink.store.Database;
import org.sitewatch.sink.store.Rows;
import org.sitewatch.web.Feature;
import org.sitewatch.web.Services;
import org.sitewatch.web.account.Viewer;
import org.sitewatch.web.data.Visibility;
import org.sitewatch.web.http.Routes;
import org.sitewatch.web.http.Web;

/**
 * The captured page viewer: {@code /leads/{id}/pages/{n}} shows the lead's n-th page (from 0) as
 * captured, read from its WARC record: the visible text with the lead's signal snippets marked, and
 * the HTML in a sandboxed frame served by {@code /leads/{id}/pages/{n}/frame}, blurred and
 * greyscale until the analyst reveals it (or always revealed, by the user's setting).
 *
 * <p>The frame's response carries its own Content-Security-Policy ({@link #FRAME_CSP}: a sandbox
 * without scripts, forms or same-origin; nothing loads but inline styles and {@code data:} images)
 * and may be framed by the workbench's own pages only; it replaces the workbench-wide headers for
 * this route alone. See {@code docs/workbench.md}, "Captured pages".
 */
public final class CaptureFeature implements Feature {
  /** The frame's policy: nothing runs, nothing loads from the network, framed only by us. */
  public static final String FRAME_CSP =
      "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:;"
          + " frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

  private static final TypeReference<List<PageRef>> PAGES = new TypeReference<>() {};
  private static final TypeReference<List<SignalHit>> SIGNALS = new TypeReference<>() {};

  /** The lead's part the viewer needs. */
  record LeadPages(long id, String site, List<PageRef> pages, List<SignalHit> signals) {}

  /** What the viewer template shows. */
  public record View(
      long leadId,
      String site,
      int index,
      int pageCount,
      PageRef page,
      Capture capture,
      List<CapturedText.Segment> text,
      boolean revealImages) {
    public Optional<Capture.Read> read() {
      return capture instanceof Capture.Read r ? Optional.of(r) : Optional.empty();
    }

    public Optional<Capture.Unavailable> unavailable() {
      return capture instanceof Capture.Unavailable u ? Optional.of(u) : Optional.empty();
    }

    public String framePath() {
      return "/leads/" + leadId + "/pages/" + index + "/frame";
    }

    public int maxBodyMiB() {
      return CaptureReader.MAX_BODY_BYTES / (1024 * 1024);
    }
  }

  private final Services services;
  private final Database db;
  private final CaptureReader reader;

  public CaptureFeature(Services services) {
    this.services = services;
    this.db = Database.of(services.dataSource());
    this.reader = new CaptureReader(services.warcs());
  }

  @Override
  public void register(Routes routes) {
    routes.page("/leads/{id}/pages/{n}", Routes.SIGNED_IN, this::viewer);
    routes.page("/leads/{id}/pages/{n}/frame", Routes.SIGNED_IN, this::frame);
  }

  private void viewer(Context ctx) {
    LeadPages lead = lead(ctx);
    int n = index(ctx, lead);
    PageRef page = lead.pages().get(n);
    Capture capture = reader.read(page);
    List<CapturedText.Segment> text = List.of();
    if (capture instanceof Capture.Read r) {
      text = CapturedText.segments(CapturedText.visible(r), CapturedText.terms(lead.signals()));
    }
    Map<String, Object> params = new HashMap<>();
    params.put("page", Web.page(ctx));
    params.put(
        "view",
        new View(
            lead.id(),
            lead.site(),
            n,
            lead.pages().size(),
            page,
            capture,
            text,
            Web.settings(ctx).revealImages()));
    services.views().render(ctx, "capture/page.jte", params);
  }

  private void frame(Context ctx) {
    LeadPages lead = lead(ctx);
    PageRef page = lead.pages().get(index(ctx, lead));
    Capture capture = reader.read(page);
    String html;
    if (capture instanceof Capture.Read r && r.html()) {
      html = FrameHtml.html(r.text());
    } else if (capture instanceof Capture.Read r && r.textual()) {
      html = FrameHtml.text(r.text());
    } else {
      html = FrameHtml.text("");
    }
    // this route only: the workbench-wide headers forbid any framing and allow our scripts
    ctx.header("Content-Security-Policy", FRAME_CSP);
    ctx.header("X-Frame-Options", "SAMEORIGIN");
    ctx.contentType("text/html; charset=utf-8");
    ctx.result(html);
  }

  private LeadPages lead(Context ctx) {
    long id = Web.idParam(ctx, "id");
    Viewer viewer = Web.viewer(ctx);
    return db.withHandle(
            "cannot read lead " + id,
            h ->
                Visibility.bind(
                        h.createQuery(
                            "SELECT lead.id, lead.site, lead.pages, lead.signals FROM lead"
                                + " WHERE lead.id = :id AND "
                                + Visibility.LEAD),
                        viewer)
                    .bind("id", id)
                    .map(
                        (rs, c) ->
                            new LeadPages(
                                rs.getLong("id"),
                                rs.getString("site"),
                                Rows.fromJson(rs.getString("pages"), PAGES),
                                Rows.fromJson(rs.getString("signals"), SIGNALS)))
                    .findOne())
        .orElseThrow(NotFoundResponse::new);
  }

  private static int index(Context ctx, LeadPages lead) {
    long n = Web.idParam(ctx, "n");
    if (n >= lead.pages().size()) {
      throw new NotFoundResponse();
    }
    return (int) n;
  }
}
