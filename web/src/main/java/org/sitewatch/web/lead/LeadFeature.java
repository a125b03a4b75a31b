package org.sitewatch.web.lead;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sitewatch.events.Json;
import org.sitewatch.events.SignalHit;
import org.sitewatch.sink.evidence.bundle.BundleExporter;
import org.sitewatch.sink.evidence.custody.CustodyLog;
import org.sitewatch.sink.evidence.warc.WarcSource;
import org.sitewatch.sink.lead.DismissReason;
import org.sitewatch.sink.lead.LeadCase;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.sink.operations.Operations;
import org.sitewatch.sink.store.LeadStore;
import org.sitewatch.sink.tips.TipSettings;
import org.sitewatch.sink.workflow.ActionRefusedException;
import org.sitewatch.sink.workflow.ActionRequest;
import org.sitewatch.sink.workflow.LeadAction;
import org.sitewatch.sink.workflow.LeadWorkflow;
import org.sitewatch.sink.workflow.ReviewPolicy;
import org.sitewatch.web.Feature;
import org.sitewatch.web.Services;
import org.sitewatch.web.WorkbenchServer;
import org.sitewatch.web.account.Account;
import org.sitewatch.web.account.Permission;
import org.sitewatch.web.account.Role;
import org.sitewatch.web.account.Viewer;
import org.sitewatch.web.data.LeadDetail;
import org.sitewatch.web.data.LeadDetails;
import org.sitewatch.web.data.LeadTips;
import org.sitewatch.web.http.Routes;
import org.sitewatch.web.http.Web;
import org.sitewatch.web.view.PageContext;

/**
 * The lead page ({@code GET /leads/{id}}), its actions ({@code POST /leads/{id}/actions}), the
 * evidence download ({@code GET /leads/{id}/evidence}) and the REST side ({@code GET
 * /api/leads/{id}}, {@code POST /api/leads/{id}/actions}).
 *
 * <p>Every route first reads the lead under the bureau rule: another bureau's lead answers 404,
 * like a missing one, before anything else is looked at. An action is then checked against the
 * viewer's role (403: the buttons only show what the role may do, but a forged post is refused
 * here) and performed by {@link LeadWorkflow#perform} as the signed-in viewer, guarded by the
 * status the viewer saw: a lead someone else changed meanwhile answers 409 and nothing is written.
 */
public final class LeadFeature implements Feature {
  /** The largest API action body read. */
  static final int MAX_BODY = 16 * 1024;

  /** The longest note kept. */
  static final int MAX_NOTE = 4000;

  private final Services services;
  private final LeadDetails details;
  private final LeadWorkflow workflow;
  private final Highlighter highlighter;
  private final Optional<BundleExporter> exporter;
  private final ObjectMapper json;
  private final LeadTips tips;

  public LeadFeature(Services services) {
    this.services = services;
    this.details = new LeadDetails(services.dataSource(), services.clock());
    this.tips =
        new LeadTips(
            services.dataSource(), services.clock(), TipSettings.DEFAULT_CONTACT_RETENTION);
    this.workflow = new LeadWorkflow(services.dataSource(), services.clock());
    this.highlighter = Highlighter.builtIn();
    this.exporter =
        services
            .signingKey()
            .map(
                key ->
                    BundleExporter.builder()
                        .dataSource(services.dataSource())
                        .clock(services.clock())
                        .leads(new LeadStore(services.dataSource(), services.clock()))
                        .custody(new CustodyLog(services.dataSource(), services.clock()))
                        .operations(
                            new Operations(
                                services.dataSource(), services.clock(), ReviewPolicy.DEFAULTS))
                        .sitewatchVersion(version())
                        .warcs(services.warcs().orElse(WarcSource.NONE))
                        .signingKey(key)
                        .build());
    this.json =
        Json.mapper()
            .copy()
            .registerModule(new Jdk8Module())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  @Override
  public void register(Routes routes) {
    routes.page("/leads/{id}", Routes.SIGNED_IN, this::page);
    routes.action("/leads/{id}/actions", Routes.SIGNED_IN, this::act);
    routes.page("/leads/{id}/evidence", v -> v.role().may(Permission.EXPORT), this::evidence);
    routes.apiGet("/api/leads/{id}", Routes.SIGNED_IN, this::apiGet);
    routes.apiPost("/api/leads/{id}/actions", Routes.SIGNED_IN, this::apiAct);
  }

  private void page(Context ctx) {
    Viewer viewer = Web.viewer(ctx);
    LeadDetail detail =
        details.find(viewer, Web.idParam(ctx, "id")).orElseThrow(NotFoundResponse::new);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("page", Web.page(ctx));
    params.put("view", view(viewer, detail));
    params.put(
        "tips",
        tips.section(viewer, detail.id(), viewer.role().may(Permission.READ_TIP_CONTACT))
            .orElseThrow(NotFoundResponse::new));
    services.views().render(ctx, "lead/page.jte", params);
  }

  LeadView view(Viewer viewer, LeadDetail detail) {
    List<LeadView.SignalRow> signals = new ArrayList<>();
    for (SignalHit hit : detail.leadCase().lead().signals()) {
      signals.add(new LeadView.SignalRow(hit, highlighter.segments(hit)));
    }
    Set<LeadAction> actions = EnumSet.noneOf(LeadAction.class);
    for (LeadAction a : LeadAction.values()) {
      if (viewer.role().mayPerform(a)
          && a.allowedFrom(detail.status())
          && (a != LeadAction.ACK || detail.leadCase().hasNewEvidence())) {
        actions.add(a);
      }
    }
    List<String> assignees = actions.contains(LeadAction.ASSIGN) ? assignees(detail) : List.of();
    boolean evidence = exporter.isPresent() && viewer.role().may(Permission.EXPORT);
    return new LeadView(detail, signals, actions, assignees, evidence);
  }

  /** Enabled analysts and supervisors of a bureau the lead is routed to. */
  private List<String> assignees(LeadDetail detail) {
    Set<String> regions = new java.util.HashSet<>();
    detail.jurisdiction().routes().forEach(r -> regions.add(r.regionCode()));
    List<String> names = new ArrayList<>();
    for (Account a : services.accounts().list()) {
      if (!a.disabled()
          && (a.role() == Role.ANALYST || a.role() == Role.SUPERVISOR)
          && a.bureaus().stream().anyMatch(regions::contains)) {
        names.add(a.name());
      }
    }
    return names;
  }

  // ---- actions

  /** An action as asked for, by form or JSON. */
  record ActionInput(
      String action, String note, String expectedStatus, String reason, String assignee) {}

  /** An action refused before it reached the workflow. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    Refused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private void act(Context ctx) {
    Viewer viewer = Web.viewer(ctx);
    long id = Web.idParam(ctx, "id");
    ActionInput in =
        new ActionInput(
            ctx.formParam("action"),
            ctx.formParam("note"),
            ctx.formParam("expectedStatus"),
            ctx.formParam("reason"),
            ctx.formParam("assignee"));
    PageContext page = Web.page(ctx);
    try {
      perform(viewer, id, in);
    } catch (Refused e) {
      error(ctx, page, e.status, e.getMessage());
      return;
    } catch (ActionRefusedException e) {
      if (e.refusal() != ActionRefusedException.Refusal.CONFLICT) {
        error(ctx, page, 400, e.getMessage());
        return;
      }
      conflict(ctx, page, viewer, id, in);
      return;
    }
    ctx.redirect("/leads/" + id, HttpStatus.SEE_OTHER);
  }

  private void conflict(Context ctx, PageContext page, Viewer viewer, long id, ActionInput in) {
    Optional<LeadStatus> now = details.visibleStatus(viewer, id);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("page", page);
    params.put("leadId", id);
    // both were parsed before the workflow refused: known names, in any case
    params.put("action", in.action().strip().toUpperCase(Locale.ROOT));
    params.put(
        "seen",
        in.expectedStatus() == null ? "" : in.expectedStatus().strip().toUpperCase(Locale.ROOT));
    params.put("now", now.map(Enum::name).orElse(""));
    ctx.status(409);
    services.views().render(ctx, "lead/conflict.jte", params);
  }

  private void error(Context ctx, PageContext page, int status, String detail) {
    ctx.status(status);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("page", page);
    params.put("status", status);
    params.put("detail", detail == null ? page.m().t("error." + status) : detail);
    services.views().render(ctx, "error.jte", params);
  }

  /**
   * Checks and performs an action: the lead must be visible (404), the action known and the request
   * complete (400), the role allowed to do it (403); then the workflow applies it guarded by the
   * status the viewer saw.
   */
  LeadCase perform(Viewer viewer, long id, ActionInput in) {
    if (details.visibleStatus(viewer, id).isEmpty()) {
      throw new NotFoundResponse();
    }
    LeadAction action = parse(LeadAction.class, in.action(), "action");
    if (action == null) {
      throw new Refused(400, "say which action: " + List.of(LeadAction.values()));
    }
    if (!viewer.role().mayPerform(action)) {
      throw new Refused(
          403,
          "a "
              + viewer.role().name().toLowerCase(Locale.ROOT)
              + " may not "
              + action.name().toLowerCase(Locale.ROOT)
              + " a lead");
    }
    LeadStatus expected = parse(LeadStatus.class, in.expectedStatus(), "expectedStatus");
    if (expected == null && action.changesStatus()) {
      throw new Refused(
          400, "say which status you saw (expectedStatus), so that a change meanwhile is caught");
    }
    String note = in.note() == null ? "" : in.note().strip();
    if (note.length() > MAX_NOTE) {
      throw new Refused(400, "a note is at most " + MAX_NOTE + " characters");
    }
    ActionRequest request = ActionRequest.by(viewer.name()).withNote(note);
    if (expected != null) {
      request = request.expecting(expected);
    }
    if (action == LeadAction.DISMISS) {
      DismissReason reason = parse(DismissReason.class, in.reason(), "reason");
      if (reason == null) {
        throw new Refused(400, "dismissing needs a reason: " + List.of(DismissReason.values()));
      }
      request = request.withReason(reason);
    }
    if (action == LeadAction.ASSIGN) {
      String assignee = in.assignee() == null ? "" : in.assignee().strip();
      LeadDetail detail = details.find(viewer, id).orElseThrow(NotFoundResponse::new);
      if (!assignees(detail).contains(assignee)) {
        throw new Refused(
            400, "assign to an enabled analyst or supervisor of a bureau the lead is routed to");
      }
      request = request.withAssignee(assignee);
    }
    return workflow.perform(id, action, request);
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String value, String field) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new Refused(400, "unknown " + field + " '" + value.strip() + "'");
    }
  }

  // ---- evidence

  private void evidence(Context ctx) throws IOException {
    Viewer viewer = Web.viewer(ctx);
    long id = Web.idParam(ctx, "id");
    if (details.visibleStatus(viewer, id).isEmpty()) {
      throw new NotFoundResponse();
    }
    PageContext page = Web.page(ctx);
    if (exporter.isEmpty()) {
      error(ctx, page, 503, page.m().t("lead.evidence.unavailable"));
      return;
    }
    Path dir = Files.createTempDirectory("sitewatch-evidence-");
    Path zip = dir.resolve("lead-" + id + ".zip");
    try {
      exporter.get().exportBundle(id, zip, viewer.name());
      // the open stream keeps the unlinked file readable until the response is written
      InputStream in = Files.newInputStream(zip);
      Files.delete(zip);
      ctx.contentType("application/zip");
      ctx.header(
          "Content-Disposition", "attachment; filename=\"sitewatch-lead-" + id + "-evidence.zip\"");
      ctx.result(in);
    } finally {
      Files.deleteIfExists(zip);
      Files.deleteIfExists(dir);
    }
  }

  private static String version() {
    String v = WorkbenchServer.class.getPackage().getImplementationVersion();
    return v == null ? "development" : v;
  }

  // ---- API

  private void apiGet(Context ctx) throws JsonProcessingException {
    LeadDetail detail =
        details.find(Web.viewer(ctx), Web.idParam(ctx, "id")).orElseThrow(NotFoundResponse::new);
    ctx.contentType("application/json").result(json.writeValueAsString(detail));
  }

  private void apiAct(Context ctx) throws JsonProcessingException {
    Viewer viewer = Web.viewer(ctx);
    long id = Web.idParam(ctx, "id");
    if (details.visibleStatus(viewer, id).isEmpty()) {
      throw new NotFoundResponse();
    }
    if (ctx.contentLength() > MAX_BODY) {
      apiError(ctx, 413, "the body is at most " + MAX_BODY + " bytes");
      return;
    }
    byte[] body = ctx.bodyAsBytes();
    if (body.length > MAX_BODY) {
      apiError(ctx, 413, "the body is at most " + MAX_BODY + " bytes");
      return;
    }
    ActionInput in;
    try {
      in = json.readValue(body, ActionInput.class);
    } catch (IOException e) {
      apiError(
          ctx,
          400,
          "the body is a JSON object with action, expectedStatus, and note, reason, assignee as"
              + " needed");
      return;
    }
    if (in == null) {
      apiError(ctx, 400, "the body is a JSON object");
      return;
    }
    LeadCase done;
    try {
      done = perform(viewer, id, in);
    } catch (Refused e) {
      apiError(ctx, e.status, e.getMessage());
      return;
    } catch (ActionRefusedException e) {
      apiError(
          ctx, e.refusal() == ActionRefusedException.Refusal.CONFLICT ? 409 : 400, e.getMessage());
      return;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", done.lead().id());
    out.put("site", done.lead().site());
    out.put("status", done.lead().status().name());
    out.put("assignee", done.assignee().orElse(null));
    out.put("hasNewEvidence", done.hasNewEvidence());
    ctx.contentType("application/json").result(json.writeValueAsString(out));
  }

  private void apiError(Context ctx, int status, String message) throws JsonProcessingException {
    ctx.status(status)
        .contentType("application/json")
        .result(json.writeValueAsString(Map.of("status", status, "error", message)));
  }
}
