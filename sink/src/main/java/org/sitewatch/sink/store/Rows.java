package org.sitewatch.sink.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.jdbi.v3.core.statement.StatementContext;
import org.sitewatch.events.ConductReason;
import org.sitewatch.events.Finding;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.Json;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.lead.LeadStatus;

/**
 * How the sink reads its columns and writes its JSON columns: the {@link Lead} row mapper every
 * store shares, times ({@code timestamptz} as {@link Instant}), {@code text[]} as lists, nullable
 * numbers, and the evidence JSON ({@code jsonb} columns written and read with the events' mapper).
 */
public final class Rows {
  private static final ObjectMapper JSON = Json.mapper();
  private static final TypeReference<List<SignalHit>> SIGNAL_LIST = new TypeReference<>() {};
  private static final TypeReference<List<PageRef>> PAGE_LIST = new TypeReference<>() {};
  private static final TypeReference<List<Identifier>> IDENTIFIER_LIST = new TypeReference<>() {};
  private static final TypeReference<List<Finding>> FINDING_LIST = new TypeReference<>() {};
  private static final TypeReference<List<ConductReason>> REASON_LIST = new TypeReference<>() {};

  /** The lead columns {@link #lead} reads (a {@code lead.*} row has them too). */
  public static final String LEAD_COLUMNS =
      "id, site, status, score, categories, signals, pages, revision, lexicon_version,"
          + " first_flagged_at, updated_at, conducts, identifiers, findings, conduct_reasons";

  private Rows() {}

  /** Reads a lead from a row with (at least) the lead columns; a Jdbi row mapper. */
  public static Lead lead(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Lead(
        rs.getLong("id"),
        rs.getString("site"),
        LeadStatus.valueOf(rs.getString("status")),
        rs.getDouble("score"),
        List.of((String[]) rs.getArray("categories").getArray()),
        fromJson(rs.getString("signals"), SIGNAL_LIST),
        fromJson(rs.getString("pages"), PAGE_LIST),
        rs.getLong("revision"),
        rs.getString("lexicon_version"),
        instant(rs, "first_flagged_at"),
        instant(rs, "updated_at"),
        List.of((String[]) rs.getArray("conducts").getArray()),
        fromJson(rs.getString("identifiers"), IDENTIFIER_LIST),
        fromJson(rs.getString("findings"), FINDING_LIST),
        fromJson(rs.getString("conduct_reasons"), REASON_LIST));
  }

  /** A non-null {@code timestamptz} column. */
  public static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  /** A nullable {@code timestamptz} column. */
  public static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? Optional.empty() : Optional.of(t.toInstant());
  }

  /** A nullable {@code integer} column. */
  public static OptionalInt optionalInt(ResultSet rs, String column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(value);
  }

  /** A {@code text[]} column. */
  public static List<String> texts(ResultSet rs, String column) throws SQLException {
    return Arrays.asList((String[]) rs.getArray(column).getArray());
  }

  /** A list as a {@code text[]} parameter. */
  public static String[] texts(List<String> values) {
    return values.toArray(new String[0]);
  }

  /** A value as the text of a {@code jsonb} parameter. */
  public static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write evidence as JSON: " + e.getMessage(), e);
    }
  }

  /** A stored {@code jsonb} value. */
  public static <T> T fromJson(String text, TypeReference<T> type) {
    try {
      return JSON.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored evidence is not readable: " + e.getMessage(), e);
    }
  }
}
