package org.sitewatch.sink.jurisdiction;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The small CSV dialect of the jurisdiction tables: UTF-8, a header row naming the columns, blank
 * lines and lines starting with {@code #} ignored, fields optionally in double quotes (a doubled
 * quote inside is one quote). Every error names the file and line.
 */
final class Csv {
  /** A data row and where it came from. */
  record Row(String where, List<String> fields) {
    String get(int i) {
      return fields.get(i);
    }

    JurisdictionTableException error(String message) {
      return new JurisdictionTableException(where + ": " + message);
    }
  }

  private Csv() {}

  static List<Row> read(String name, InputStream in, List<String> header) {
    List<Row> rows = new ArrayList<>();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      boolean sawHeader = false;
      int number = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        number++;
        String where = name + ":" + number;
        if (number == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        if (line.isBlank() || line.strip().startsWith("#")) {
          continue;
        }
        List<String> fields = split(line, where);
        if (!sawHeader) {
          if (!fields.equals(header)) {
            throw new JurisdictionTableException(
                where + ": expected the header " + String.join(",", header) + " but found " + line);
          }
          sawHeader = true;
          continue;
        }
        if (fields.size() != header.size()) {
          throw new JurisdictionTableException(
              where + ": expected " + header.size() + " fields (" + String.join(",", header)
                  + ") but found " + fields.size());
        }
        rows.add(new Row(where, fields));
      }
      if (!sawHeader) {
        throw new JurisdictionTableException(
            name + ":" + Math.max(number, 1) + ": no header " + String.join(",", header));
      }
    } catch (IOException e) {
      throw new JurisdictionTableException(name + ": cannot read: " + e.getMessage(), e);
    }
    return rows;
  }

  private static List<String> split(String line, String where) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.toString().isBlank()) {
        field.setLength(0);
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString().strip());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      throw new JurisdictionTableException(where + ": unterminated quoted field");
    }
    fields.add(field.toString().strip());
    return fields;
  }
}
