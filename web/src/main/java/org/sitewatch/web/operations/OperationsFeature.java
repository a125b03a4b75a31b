package org.sitewatch.web.operations;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.sitewatch.sink.operations.Operation;
import org.sitewatch.sink.operations.Operations;
import org.sitewatch.sink.store.Database;
import org.sitewatch.sink.workflow.ReviewPolicy;
import org.sitewatch.web.Feature;
import org.sitewatch.web.Services;
import org.sitewatch.web.account.Permission;
import org.sitewatch.web.account.Viewer;
import org.sitewatch.web.data.Visibility;
import org.sitewatch.web.http.Routes;
import org.sitewatch.web.http.Web;

/**
 * Operator networks ({@code /operations}): the operations as a list, one operation's leads and the
 * identifiers that link them (with a small graph drawn on the server), and the ignore list
 * (admins). An analyst sees an operation only through the leads she may see: only its visible
 * members and the identifiers they hold are shown, and an operation without a visible member is
 * missing (404), exactly like one that does not exist.
 */
public final class OperationsFeature implements Feature {
  /** One operation as the viewer may see it. */
  public record Visible(
      long id, List<Operation.Member> members, List<Operation.SharedIdentifier> links) {
    public int size() {
      return members.size();
    }
  }

  static final int MAX_TYPE = 40;
  static final int MAX_VALUE = 1000;
  static final int MAX_REASON = 500;

  private final Services services;
  private final Operations operations;
  private final Database db;

  public OperationsFeature(Services services) {
    this.services = services;
    this.operations =
        new Operations(services.dataSource(), services.clock(), ReviewPolicy.DEFAULTS);
    this.db = Database.of(services.dataSource());
  }

  @Override
  public void register(Routes routes) {
    routes.page("/operations", Routes.SIGNED_IN, this::list);
    routes.page("/operations/ignored", OperationsFeature::mayReadIgnoreList, this::ignored);
    routes.page("/operations/{id}", Routes.SIGNED_IN, this::show);
    routes.action(
        "/operations/ignore", v -> v.role().may(Permission.MANAGE_IGNORE_LIST), this::ignore);
    routes.action(
        "/operations/unignore", v -> v.role().may(Permission.MANAGE_IGNORE_LIST), this::unignore);
  }

  /** The ignore list holds identifiers of every bureau's leads: for roles that see all. */
  private static boolean mayReadIgnoreList(Viewer v) {
    return v.seesAll() || v.role().may(Permission.MANAGE_IGNORE_LIST);
  }

  private void list(Context ctx) {
    Map<String, Object> params = new HashMap<>();
    params.put("page", Web.page(ctx));
    params.put("operations", visible(Web.viewer(ctx), operations.list()));
    services.views().render(ctx, "operations/list.jte", params);
  }

  private void show(Context ctx) {
    long id = Web.idParam(ctx, "id");
    Viewer viewer = Web.viewer(ctx);
    Visible op =
        operations.find(id).stream()
            .flatMap(o -> visible(viewer, List.of(o)).stream())
            .findFirst()
            .orElseThrow(NotFoundResponse::new);
    Map<String, Object> params = new HashMap<>();
    params.put("page", Web.page(ctx));
    params.put("op", op);
    params.put("graph", OperationGraph.of(op.members(), op.links()));
    services.views().render(ctx, "operations/detail.jte", params);
  }

  private void ignored(Context ctx) {
    renderIgnored(ctx, Optional.empty(), Optional.ofNullable(ctx.queryParam("done")));
  }

  private void renderIgnored(Context ctx, Optional<String> error, Optional<String> done) {
    Map<String, Object> params = new HashMap<>();
    params.put("page", Web.page(ctx));
    params.put("entries", operations.ignored());
    params.put("error", error.orElse(""));
    params.put("done", done.filter(d -> d.equals("ignored") || d.equals("unignored")).orElse(""));
    services.views().render(ctx, "operations/ignored.jte", params);
  }

  private void ignore(Context ctx) {
    String type = field(ctx, "type");
    String value = field(ctx, "value");
    String reason = field(ctx, "reason");
    Optional<String> refusal = check(type, value);
    if (refusal.isEmpty() && (reason.isEmpty() || reason.length() > MAX_REASON)) {
      refusal = Optional.of("operations.error.reason");
    }
    if (refusal.isPresent()) {
      ctx.status(400);
      renderIgnored(ctx, refusal.map(k -> Web.page(ctx).m().t(k)), Optional.empty());
      return;
    }
    try {
      operations.ignore(type, value, reason, Web.viewer(ctx).name());
    } catch (IllegalArgumentException e) {
      ctx.status(400);
      renderIgnored(ctx, Optional.of(e.getMessage()), Optional.empty());
      return;
    }
    ctx.redirect("/operations/ignored?done=ignored");
  }

  private void unignore(Context ctx) {
    String type = field(ctx, "type");
    String value = field(ctx, "value");
    Optional<String> refusal = check(type, value);
    if (refusal.isPresent()) {
      ctx.status(400);
      renderIgnored(ctx, refusal.map(k -> Web.page(ctx).m().t(k)), Optional.empty());
      return;
    }
    try {
      operations.unignore(type, value, Web.viewer(ctx).name());
    } catch (IllegalArgumentException e) {
      ctx.status(400);
      renderIgnored(ctx, Optional.of(e.getMessage()), Optional.empty());
      return;
    }
    ctx.redirect("/operations/ignored?done=unignored");
  }

  private static Optional<String> check(String type, String value) {
    if (!type.matches("[a-z0-9][a-z0-9-]{0," + (MAX_TYPE - 1) + "}")) {
      return Optional.of("operations.error.type");
    }
    if (value.isEmpty() || value.length() > MAX_VALUE) {
      return Optional.of("operations.error.value");
    }
    return Optional.empty();
  }

  private static String field(Context ctx, String name) {
    String v = ctx.formParam(name);
    return v == null ? "" : v.strip();
  }

  /**
   * The operations cut to what {@code viewer} may see: visible members only, identifiers held by at
   * least one of them (with their visible holders), operations without a visible member dropped.
   */
  List<Visible> visible(Viewer viewer, List<Operation> all) {
    Set<Long> ids = new TreeSet<>();
    for (Operation o : all) {
      o.members().forEach(m -> ids.add(m.leadId()));
    }
    Set<Long> seen = viewer.seesAll() ? ids : visibleLeads(viewer, ids);
    List<Visible> out = new ArrayList<>();
    for (Operation o : all) {
      List<Operation.Member> members =
          o.members().stream().filter(m -> seen.contains(m.leadId())).toList();
      if (members.isEmpty()) {
        continue;
      }
      List<Operation.SharedIdentifier> links = new ArrayList<>();
      for (Operation.SharedIdentifier s : o.links()) {
        List<Long> holders = s.leadIds().stream().filter(seen::contains).toList();
        if (!holders.isEmpty()) {
          links.add(new Operation.SharedIdentifier(s.type(), s.value(), holders));
        }
      }
      out.add(new Visible(o.id(), members, links));
    }
    return out;
  }

  private Set<Long> visibleLeads(Viewer viewer, Set<Long> ids) {
    if (ids.isEmpty()) {
      return Set.of();
    }
    List<Long> visible =
        db.withHandle(
            "cannot read which leads are visible",
            h ->
                Visibility.bind(
                        h.createQuery(
                                "SELECT id FROM lead WHERE id = ANY(:ids) AND " + Visibility.LEAD)
                            .bindArray("ids", Long.class, ids.toArray(new Long[0])),
                        viewer)
                    .mapTo(Long.class)
                    .list());
    return new TreeSet<>(visible);
  }
}
