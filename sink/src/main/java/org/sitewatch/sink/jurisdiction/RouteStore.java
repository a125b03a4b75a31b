package org.sitewatch.sink.jurisdiction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.sitewatch.events.Json;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.store.Database;
import org.sitewatch.sink.store.LeadHook;
import org.sitewatch.sink.store.LeadStoreException;

/**
 * Keeps each lead's routing in {@code lead_route} and {@code lead_jurisdiction}. As a {@link
 * LeadHook} of the lead store it recomputes the routing in the transaction of every opened or
 * updated lead; {@link #recompute(Lead)} does the same on demand (new tables). Either way the old
 * routing is replaced whole under the lead's row lock, so concurrent recomputations serialise.
 */
public final class RouteStore implements LeadHook {
  private static final TypeReference<List<Indication>> INDICATIONS = new TypeReference<>() {};
  private static final TypeReference<List<Conflict>> CONFLICTS = new TypeReference<>() {};

  private static final String LOCK_LEAD = "SELECT id FROM lead WHERE id = :leadId FOR UPDATE";
  private static final String CLEAR_ROUTES = "DELETE FROM lead_route WHERE lead_id = :leadId";
  private static final String INSERT_ROUTE =
      """
      INSERT INTO lead_route (lead_id, bureau, region_code, contact, bases, evidence, computed_at)
      VALUES (:leadId, :bureau, :regionCode, :contact, :bases, :evidence::jsonb, :at)
      """;
  private static final String UPSERT_CONFLICTS =
      """
      INSERT INTO lead_jurisdiction (lead_id, conflicts, tables, computed_at)
      VALUES (:leadId, :conflicts::jsonb, :tables, :at)
      ON CONFLICT (lead_id) DO UPDATE
         SET conflicts = EXCLUDED.conflicts, tables = EXCLUDED.tables,
             computed_at = EXCLUDED.computed_at
      """;
  private static final String ROUTES =
      """
      SELECT bureau, region_code, contact, bases, evidence FROM lead_route
       WHERE lead_id = :leadId ORDER BY region_code, bureau
      """;
  private static final String CONFLICTS_OF =
      "SELECT conflicts FROM lead_jurisdiction WHERE lead_id = :leadId";

  private final Database db;
  private final JurisdictionRouter router;
  private final Clock clock;
  private final ObjectMapper json = Json.mapper();

  public RouteStore(DataSource dataSource, JurisdictionRouter router, Clock clock) {
    this.db = Database.of(Objects.requireNonNull(dataSource, "dataSource"));
    this.router = Objects.requireNonNull(router, "router");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void afterChange(Handle h, Lead lead, Instant now) {
    replace(h, lead.id(), router.route(lead), now);
  }

  /**
   * Routes the lead with this store's tables and replaces its stored routing, in one transaction.
   *
   * @throws IllegalStateException if the database is unavailable
   * @throws IllegalArgumentException if the lead does not exist
   */
  public Routing recompute(Lead lead) {
    Objects.requireNonNull(lead, "lead");
    Routing routing = router.route(lead);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    try {
      db.inTransaction(
          "cannot store the routing of lead " + lead.id(),
          h -> {
            if (h.createQuery(LOCK_LEAD)
                .bind("leadId", lead.id())
                .mapTo(Long.class)
                .findOne()
                .isEmpty()) {
              throw new IllegalArgumentException("lead " + lead.id() + " does not exist");
            }
            replace(h, lead.id(), routing, now);
            return null;
          });
    } catch (LeadStoreException e) {
      throw new IllegalStateException(
          "cannot store the routing of lead " + lead.id(), e.getCause());
    }
    return routing;
  }

  /** The routing last stored for a lead, if it was ever routed. */
  public Optional<Routing> stored(long leadId) {
    return stored(db, leadId);
  }

  /**
   * The routing last stored for a lead, if it was ever routed; needs no tables (e.g. evidence
   * export).
   */
  public static Optional<Routing> stored(DataSource dataSource, long leadId) {
    return stored(Database.of(dataSource), leadId);
  }

  private static Optional<Routing> stored(Database db, long leadId) {
    ObjectMapper json = Json.mapper();
    try {
      return db.withHandle(
          "cannot read the routing of lead " + leadId,
          h -> {
            Optional<String> conflicts =
                h.createQuery(CONFLICTS_OF).bind("leadId", leadId).mapTo(String.class).findOne();
            if (conflicts.isEmpty()) {
              return Optional.<Routing>empty();
            }
            List<Route> routes =
                h.createQuery(ROUTES)
                    .bind("leadId", leadId)
                    .map(
                        (rs, ctx) -> {
                          String code = rs.getString("region_code");
                          return new Route(
                              new Bureau(code, rs.getString("bureau"), rs.getString("contact")),
                              code,
                              Arrays.stream((String[]) rs.getArray("bases").getArray())
                                  .map(Basis::valueOf)
                                  .toList(),
                              read(json, rs.getString("evidence"), INDICATIONS));
                        })
                    .list();
            return Optional.of(new Routing(routes, read(json, conflicts.get(), CONFLICTS)));
          });
    } catch (LeadStoreException e) {
      throw new IllegalStateException("cannot read the routing of lead " + leadId, e.getCause());
    }
  }

  private void replace(Handle h, long leadId, Routing routing, Instant now) {
    h.createUpdate(CLEAR_ROUTES).bind("leadId", leadId).execute();
    PreparedBatch batch = h.prepareBatch(INSERT_ROUTE);
    for (Route r : routing.routes()) {
      batch
          .bind("leadId", leadId)
          .bind("bureau", r.bureau().name())
          .bind("regionCode", r.regionCode())
          .bind("contact", r.bureau().contact())
          .bind("bases", r.bases().stream().map(Basis::name).toArray(String[]::new))
          .bind("evidence", write(r.evidence()))
          .bind("at", now)
          .add();
    }
    if (batch.size() > 0) {
      batch.execute();
    }
    h.createUpdate(UPSERT_CONFLICTS)
        .bind("leadId", leadId)
        .bind("conflicts", write(routing.conflicts()))
        .bind("tables", router.tables().description())
        .bind("at", now)
        .execute();
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write routing as JSON", e);
    }
  }

  private static <T> T read(ObjectMapper json, String text, TypeReference<T> type) {
    try {
      return json.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored routing is not readable: " + e.getMessage(), e);
    }
  }
}
