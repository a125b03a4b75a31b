package org.sitewatch.sink.evidence.custody;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.regex.Pattern;
import org.sitewatch.common.digest.Sha256;

/**
 * One link of a lead's custody chain.
 *
 * @param leadId the lead it belongs to
 * @param seq its place in the lead's chain, from 1
 * @param at when it happened (microsecond precision, as PostgreSQL keeps it)
 * @param actor who did it: {@code sink}, an analyst, a command
 * @param action what happened, normally a {@link CustodyAction} name
 * @param details facts about it, as canonical JSON of an object (see {@link #detailsNode()})
 * @param prevHash the hash of entry {@code seq - 1}; {@link #GENESIS} for the first entry
 * @param hash SHA-256 (lowercase hex) of {@link #canonicalBody()}
 */
public record CustodyEntry(
    long leadId,
    long seq,
    Instant at,
    String actor,
    String action,
    String details,
    String prevHash,
    String hash) {
  /** The previous hash of every chain's first entry: 64 zeros. */
  public static final String GENESIS = "0".repeat(64);

  private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern ACTION = Pattern.compile("[A-Z][A-Z_]*");
  private static final DateTimeFormatter AT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  public CustodyEntry {
    if (seq < 1) {
      throw new IllegalArgumentException("seq must be >= 1: " + seq);
    }
    Objects.requireNonNull(at, "at");
    at = at.truncatedTo(ChronoUnit.MICROS);
    Objects.requireNonNull(actor, "actor");
    if (actor.isBlank()) {
      throw new IllegalArgumentException("actor must not be blank");
    }
    Objects.requireNonNull(action, "action");
    if (!ACTION.matcher(action).matches()) {
      throw new IllegalArgumentException("action must be upper-case words joined by _: " + action);
    }
    JsonNode node = Canonical.parse(Objects.requireNonNull(details, "details"));
    if (!node.isObject()) {
      throw new IllegalArgumentException("details must be a JSON object");
    }
    details = Canonical.json(node);
    checkHash(prevHash, "prevHash");
    checkHash(hash, "hash");
  }

  /** An entry with its hash computed from its content. */
  public static CustodyEntry sealed(
      long leadId,
      long seq,
      Instant at,
      String actor,
      String action,
      JsonNode details,
      String prevHash) {
    String canonical = Canonical.json(details);
    CustodyEntry draft =
        new CustodyEntry(leadId, seq, at, actor, action, canonical, prevHash, GENESIS);
    return new CustodyEntry(
        leadId, seq, draft.at(), actor, action, canonical, prevHash, draft.computeHash());
  }

  /** The details as a JSON tree (a fresh copy: changing it changes nothing here). */
  public JsonNode detailsNode() {
    return Canonical.parse(details);
  }

  /**
   * What {@link #hash()} is computed over: the canonical JSON of {@code {action, actor, at,
   * details, lead_id, prev_hash, seq}}, {@code at} as {@code yyyy-MM-ddTHH:mm:ss.ffffffZ}.
   */
  public String canonicalBody() {
    return Canonical.json(body());
  }

  /** The SHA-256 of this entry's content as it is now; equal to {@link #hash()} unless altered. */
  public String computeHash() {
    return Sha256.hex(canonicalBody());
  }

  /**
   * The entry as one canonical JSON line (its body plus {@code hash}), as in {@code custody.jsonl}.
   */
  public String toJsonLine() {
    return Canonical.json(body().put("hash", hash));
  }

  /**
   * Reads a line written by {@link #toJsonLine()}.
   *
   * @throws IllegalArgumentException if the line is not such an entry
   */
  public static CustodyEntry fromJsonLine(String line) {
    JsonNode node = Canonical.parse(line);
    if (!node.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    JsonNode details = node.get("details");
    if (details == null || !details.isObject()) {
      throw new IllegalArgumentException("details missing or not an object");
    }
    try {
      return new CustodyEntry(
          number(node, "lead_id"),
          number(node, "seq"),
          Instant.from(AT.parse(text(node, "at"))),
          text(node, "actor"),
          text(node, "action"),
          Canonical.json(details),
          text(node, "prev_hash"),
          text(node, "hash"));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("at is not yyyy-MM-ddTHH:mm:ss.ffffffZ", e);
    }
  }

  public static String formatAt(Instant at) {
    return AT.format(at);
  }

  private ObjectNode body() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("lead_id", leadId);
    body.put("seq", seq);
    body.put("at", AT.format(at));
    body.put("actor", actor);
    body.put("action", action);
    body.set("details", Canonical.parse(details));
    body.put("prev_hash", prevHash);
    return body;
  }

  private static long number(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.canConvertToExactIntegral() || !value.canConvertToLong()) {
      throw new IllegalArgumentException(field + " missing or not an integer");
    }
    return value.longValue();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(field + " missing or not a string");
    }
    return value.textValue();
  }

  private static void checkHash(String value, String name) {
    Objects.requireNonNull(value, name);
    if (!HASH.matcher(value).matches()) {
      throw new IllegalArgumentException(name + " must be 64 lowercase hex digits");
    }
  }
}
