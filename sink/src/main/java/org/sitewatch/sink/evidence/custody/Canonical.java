package org.sitewatch.sink.evidence.custody;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.sitewatch.events.Json;

/**
 * The one canonical JSON form that custody hashes are computed over, so that a verifier in any
 * language can recompute them: UTF-8; no whitespace; object keys sorted by UTF-16 code units;
 * strings escaped only where JSON requires it ({@code "}, {@code \}, and U+0000..U+001F, as {@code
 * \b \f \n \r \t} or {@code \}{@code u00xx}); numbers by value in plain decimal notation without
 * exponent or trailing zeros ({@code 1.0} and {@code 1} are both {@code 1}). PostgreSQL's {@code
 * jsonb} keeps neither key order nor number spelling, which is why the hash is never computed over
 * stored text.
 */
public final class Canonical {
  /** Deepest nesting of arrays and objects read from a bundle or the custody log. */
  static final int MAX_DEPTH = 64;

  /** Longest number, in characters, read from a bundle or the custody log. */
  static final int MAX_NUMBER_CHARS = 100;

  /**
   * Largest decimal exponent a number may carry in either direction. Its plain form is what the
   * hash covers, so {@code 1e900000000} would be a string of 900 million digits: refused instead.
   */
  static final int MAX_EXPONENT = 100;

  /**
   * Reads JSON with decimals as {@link BigDecimal}, so "0.1" stays exactly 0.1; refuses deep
   * nesting and long numbers while parsing. Use {@link #readTree(byte[])} or {@link
   * #parse(String)}, which also refuse absurd exponents.
   */
  private static final ObjectMapper READER = bounded();

  private static ObjectMapper bounded() {
    ObjectMapper mapper =
        Json.mapper().copy().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    mapper
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxNumberLength(MAX_NUMBER_CHARS)
                .build());
    return mapper;
  }

  private Canonical() {}

  public static String json(JsonNode node) {
    StringBuilder out = new StringBuilder();
    write(node, out);
    return out.toString();
  }

  public static JsonNode parse(String text) {
    try {
      return checked(READER.readTree(text));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Reads bounded JSON (see {@link #MAX_DEPTH}, {@link #MAX_NUMBER_CHARS}, {@link #MAX_EXPONENT}).
   *
   * @throws IllegalArgumentException if the bytes are not such JSON
   */
  public static JsonNode readTree(byte[] bytes) {
    try {
      return checked(READER.readTree(bytes));
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
  }

  /** Refuses numbers whose exponent would make their plain form (or a conversion) absurdly long. */
  private static JsonNode checked(JsonNode root) {
    java.util.ArrayDeque<JsonNode> todo = new java.util.ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      JsonNode node = todo.pop();
      if (node.isContainerNode()) {
        node.elements().forEachRemaining(todo::push);
      } else if (node.isBigDecimal()) {
        BigDecimal d = node.decimalValue();
        long exponent = (long) d.precision() - d.scale() - 1;
        if (d.signum() != 0
            && (exponent > MAX_EXPONENT
                || exponent < -MAX_EXPONENT
                || d.scale() > MAX_EXPONENT + MAX_NUMBER_CHARS)) {
          throw new IllegalArgumentException(
              "number with decimal exponent "
                  + exponent
                  + " refused (at most "
                  + MAX_EXPONENT
                  + " either way)");
        }
      }
    }
    return root;
  }

  private static void write(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
          names.add(it.next());
        }
        names.sort(null);
        out.append('{');
        for (int i = 0; i < names.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          string(names.get(i), out);
          out.append(':');
          write(node.get(names.get(i)), out);
        }
        out.append('}');
      }
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(node.get(i), out);
        }
        out.append(']');
      }
      case STRING -> string(node.textValue(), out);
      case NUMBER -> out.append(number(node));
      case BOOLEAN -> out.append(node.booleanValue());
      case NULL -> out.append("null");
      default -> throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
    }
  }

  private static String number(JsonNode node) {
    BigDecimal value;
    if (node.isIntegralNumber()) {
      value = new BigDecimal(node.bigIntegerValue());
    } else if (node.isBigDecimal()) {
      value = node.decimalValue();
    } else {
      double d = node.doubleValue();
      if (!Double.isFinite(d)) {
        throw new IllegalArgumentException("custody details cannot hold " + d);
      }
      value = BigDecimal.valueOf(d);
    }
    if (value.signum() == 0) {
      return "0";
    }
    long exponent = (long) value.precision() - value.scale() - 1;
    if (exponent > MAX_EXPONENT || exponent < -MAX_EXPONENT) {
      throw new IllegalArgumentException(
          "custody details cannot hold a number with decimal exponent "
              + exponent
              + " (at most "
              + MAX_EXPONENT
              + " either way)");
    }
    return value.stripTrailingZeros().toPlainString();
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
