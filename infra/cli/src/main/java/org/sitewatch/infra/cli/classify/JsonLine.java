package org.sitewatch.infra.cli.classify;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.sitewatch.events.Json;
import org.sitewatch.events.SignalHit;

/**
 * The JSON text of one {@code classify} output line, as {@link Json#mapper()} writes it, written
 * with jackson-core's generator alone. A short {@code classify} run spent about 0.4 s of CPU
 * setting up the data-binding mapper (some 750 classes) for lines made of strings, numbers,
 * booleans, lists and {@link SignalHit}s; the generator is the one the mapper itself writes
 * through, so escaping and number formatting are the same. Any other value (or a null) sends the
 * whole line to the mapper, so the text never depends on which path wrote it.
 */
final class JsonLine {
  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonLine() {}

  static String of(Map<String, ?> line) {
    if (!plain(line)) {
      try {
        return Json.mapper().writeValueAsString(line);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    StringWriter text = new StringWriter(256);
    try (JsonGenerator g = FACTORY.createGenerator(text)) {
      write(g, line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  /** Whether {@link #write} writes every value of {@code line} (nested ones included). */
  private static boolean plain(Object value) {
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String) || !plain(e.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (value instanceof List<?> list) {
      for (Object item : list) {
        if (!plain(item)) {
          return false;
        }
      }
      return true;
    }
    return value instanceof String
        || value instanceof Integer
        || value instanceof Double
        || value instanceof Boolean
        || value instanceof SignalHit;
  }

  private static void write(JsonGenerator g, Object value) throws IOException {
    if (value instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        g.writeFieldName((String) e.getKey());
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (value instanceof List<?> list) {
      g.writeStartArray();
      for (Object item : list) {
        write(g, item);
      }
      g.writeEndArray();
    } else if (value instanceof String s) {
      g.writeString(s);
    } else if (value instanceof Integer i) {
      g.writeNumber(i);
    } else if (value instanceof Double d) {
      g.writeNumber(d);
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else {
      SignalHit h = (SignalHit) value;
      // the record's components in declaration order, as the mapper writes a record
      g.writeStartObject();
      g.writeStringField("id", h.id());
      g.writeStringField("category", h.category());
      g.writeNumberField("weight", h.weight());
      g.writeNumberField("count", h.count());
      g.writeStringField("snippet", h.snippet());
      g.writeStringField("url", h.url());
      g.writeEndObject();
    }
  }
}
