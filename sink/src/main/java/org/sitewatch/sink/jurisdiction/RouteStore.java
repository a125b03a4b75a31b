package org.sitewatch.sink.jurisdiction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.sitewatch.events.Json;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.store.LeadHook;

/**
 * Keeps each lead's routing in {@code lead_route} and {@code lead_jurisdiction}. As a {@link
 * LeadHook} of the lead store it recomputes the routing in the transaction of every opened or
 * updated lead; {@link #recompute(Lead)} does the same on demand (new tables). Either way the old
 * routing is replaced whole under the lead's row lock, so concurrent recomputations serialise.
 */
public final class RouteStore implements LeadHook {
  private static final TypeReference<List<Indication>> INDICATIONS = new TypeReference<>() {};
  private static final TypeReference<List<Conflict>> CONFLICTS = new TypeReference<>() {};

  private static final String LOCK_LEAD = "SELECT id FROM lead WHERE id = ? FOR UPDATE";
  private static final String CLEAR_ROUTES = "DELETE FROM lead_route WHERE lead_id = ?";
  private static final String INSERT_ROUTE =
      """
      INSERT INTO lead_route (lead_id, bureau, region_code, contact, bases, evidence, computed_at)
      VALUES (?, ?, ?, ?, ?, ?::jsonb, ?)
      """;
  private static final String UPSERT_CONFLICTS =
      """
      INSERT INTO lead_jurisdiction (lead_id, conflicts, tables, computed_at)
      VALUES (?, ?::jsonb, ?, ?)
      ON CONFLICT (lead_id) DO UPDATE
         SET conflicts = EXCLUDED.conflicts, tables = EXCLUDED.tables,
             computed_at = EXCLUDED.computed_at
      """;
  private static final String ROUTES =
      """
      SELECT bureau, region_code, contact, bases, evidence FROM lead_route
       WHERE lead_id = ? ORDER BY region_code, bureau
      """;
  private static final String CONFLICTS_OF =
      "SELECT conflicts FROM lead_jurisdiction WHERE lead_id = ?";

  private final DataSource dataSource;
  private final JurisdictionRouter router;
  private final Clock clock;
  private final ObjectMapper json = Json.mapper();

  public RouteStore(DataSource dataSource, JurisdictionRouter router, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.router = Objects.requireNonNull(router, "router");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void afterChange(Connection c, Lead lead, Instant now) throws SQLException {
    replace(c, lead.id(), router.route(lead), now);
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
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement ps = c.prepareStatement(LOCK_LEAD)) {
          ps.setLong(1, lead.id());
          try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
              throw new IllegalArgumentException("lead " + lead.id() + " does not exist");
            }
          }
        }
        replace(c, lead.id(), routing, now);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot store the routing of lead " + lead.id(), e);
    }
    return routing;
  }

  /** The routing last stored for a lead, if it was ever routed. */
  public Optional<Routing> stored(long leadId) {
    return stored(dataSource, leadId);
  }

  /**
   * The routing last stored for a lead, if it was ever routed; needs no tables (e.g. evidence
   * export).
   */
  public static Optional<Routing> stored(DataSource dataSource, long leadId) {
    ObjectMapper json = Json.mapper();
    try (Connection c = dataSource.getConnection()) {
      List<Conflict> conflicts;
      try (PreparedStatement ps = c.prepareStatement(CONFLICTS_OF)) {
        ps.setLong(1, leadId);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          conflicts = read(json, rs.getString(1), CONFLICTS);
        }
      }
      List<Route> routes = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(ROUTES)) {
        ps.setLong(1, leadId);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String code = rs.getString("region_code");
            routes.add(new Route(
                new Bureau(code, rs.getString("bureau"), rs.getString("contact")),
                code,
                Arrays.stream((String[]) rs.getArray("bases").getArray()).map(Basis::valueOf).toList(),
                read(json, rs.getString("evidence"), INDICATIONS)));
          }
        }
      }
      return Optional.of(new Routing(routes, conflicts));
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the routing of lead " + leadId, e);
    }
  }

  private void replace(Connection c, long leadId, Routing routing, Instant now)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(CLEAR_ROUTES)) {
      ps.setLong(1, leadId);
      ps.executeUpdate();
    }
    OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
    try (PreparedStatement ps = c.prepareStatement(INSERT_ROUTE)) {
      for (Route r : routing.routes()) {
        ps.setLong(1, leadId);
        ps.setString(2, r.bureau().name());
        ps.setString(3, r.regionCode());
        ps.setString(4, r.bureau().contact());
        ps.setArray(5, c.createArrayOf("text", r.bases().stream().map(Basis::name).toArray()));
        ps.setString(6, write(r.evidence()));
        ps.setObject(7, at, Types.TIMESTAMP_WITH_TIMEZONE);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    try (PreparedStatement ps = c.prepareStatement(UPSERT_CONFLICTS)) {
      ps.setLong(1, leadId);
      ps.setString(2, write(routing.conflicts()));
      ps.setString(3, router.tables().description());
      ps.setObject(4, at, Types.TIMESTAMP_WITH_TIMEZONE);
      ps.executeUpdate();
    }
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
