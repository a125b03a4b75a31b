package org.sitewatch.sink.jurisdiction;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The CSV dialect of the jurisdiction tables, read with commons-csv: UTF-8 (a leading BOM is
 * dropped), a header row naming the columns, blank lines and lines starting with {@code #} ignored,
 * fields optionally in double quotes (a doubled quote inside is one quote), spaces around a field
 * dropped. Every error names the file and line.
 */
final class Csv {
  private static final CSVFormat FORMAT =
      CSVFormat.RFC4180
          .builder()
          .setCommentMarker('#')
          .setIgnoreEmptyLines(true)
          .setIgnoreSurroundingSpaces(true)
          .get();

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
    String text;
    try (in) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new JurisdictionTableException(name + ": cannot read: " + e.getMessage(), e);
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    List<String> lines = text.lines().toList();
    List<Row> rows = new ArrayList<>();
    boolean sawHeader = false;
    try (CSVParser parser = CSVParser.parse(text, FORMAT)) {
      Iterator<CSVRecord> records = parser.iterator();
      while (true) {
        int number = nextContentLine(lines, parser.getCurrentLineNumber());
        String where = name + ":" + number;
        CSVRecord record;
        try {
          if (!records.hasNext()) {
            break;
          }
          record = records.next();
        } catch (UncheckedIOException | IllegalStateException e) {
          String reason =
              String.valueOf(e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
          throw new JurisdictionTableException(
              where
                  + ": "
                  + (reason.contains("EOF reached")
                      ? "unterminated quoted field"
                      : "malformed quoted field (" + reason + ")"),
              e);
        }
        List<String> fields = record.stream().map(String::strip).toList();
        if (fields.size() == 1 && fields.get(0).isEmpty() || fields.get(0).startsWith("#")) {
          continue; // a line of spaces, or a comment after spaces
        }
        if (!sawHeader) {
          if (!fields.equals(header)) {
            throw new JurisdictionTableException(
                where
                    + ": expected the header "
                    + String.join(",", header)
                    + " but found "
                    + lines.get(number - 1));
          }
          sawHeader = true;
          continue;
        }
        if (fields.size() != header.size()) {
          throw new JurisdictionTableException(
              where
                  + ": expected "
                  + header.size()
                  + " fields ("
                  + String.join(",", header)
                  + ") but found "
                  + fields.size());
        }
        rows.add(new Row(where, fields));
      }
    } catch (IOException e) {
      throw new JurisdictionTableException(name + ": cannot read: " + e.getMessage(), e);
    }
    if (!sawHeader) {
      throw new JurisdictionTableException(
          name + ":" + Math.max(lines.size(), 1) + ": no header " + String.join(",", header));
    }
    return rows;
  }

  /**
   * The line the next record starts on: the first after the {@code consumed} lines the parser has
   * read that it does not skip (an empty line, or a comment starting in the first column).
   */
  private static int nextContentLine(List<String> lines, long consumed) {
    int line = (int) consumed + 1;
    while (line <= lines.size()
        && (lines.get(line - 1).isEmpty() || lines.get(line - 1).startsWith("#"))) {
      line++;
    }
    return line;
  }
}
