package org.sitewatch.classifier.url;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.sitewatch.common.text.BoundedLines;

/**
 * The TSV of labelled addresses that {@code sitewatch train --urls}, {@code eval --urls} and {@code
 * eval --train} read: a header naming at least the columns {@code item} and {@code label} ({@code
 * source} optional), then one address per line labelled {@code adult}, {@code benign} or {@code
 * borderline}. One reading rule for all three: lines bounded as {@link BoundedLines#open(Path)}
 * bounds them (64 KiB chars per line, 5,000,000 lines), 256 Mi chars in all (its callers keep the
 * rows), blank lines ignored, and a malformed line (too few columns, an empty item, another label)
 * an {@link IllegalArgumentException} naming {@code file:line}: a row dropped without a word would
 * change the figures unnoticed.
 */
public final class LabelledTsv {
  public static final String ADULT = "adult";
  public static final String BENIGN = "benign";
  public static final String BORDERLINE = "borderline";

  private LabelledTsv() {}

  /**
   * One labelled line.
   *
   * @param where {@code "file:line: "}, to begin a message about it with
   * @param item the address, stripped, never empty
   * @param label {@link #ADULT}, {@link #BENIGN} or {@link #BORDERLINE}
   * @param source the {@code source} column stripped; empty if there is none
   */
  public record Row(String where, String item, String label, String source) {}

  /**
   * Tells {@code rows} every labelled line of {@code tsv}, in order.
   *
   * @throws UncheckedIOException if the file cannot be read
   * @throws IllegalArgumentException naming {@code file:line} for a header without {@code item} and
   *     {@code label}, a line with too few columns, an empty item or another label, a line longer
   *     than {@link BoundedLines#MAX_LINE} chars, more than {@link BoundedLines#MAX_LINES} lines or
   *     more than {@link BoundedLines#MAX_CHARS} chars
   */
  public static void read(Path tsv, Consumer<Row> rows) {
    Objects.requireNonNull(rows, "rows");
    try (BoundedLines in =
        BoundedLines.open(
            tsv, BoundedLines.MAX_LINE, BoundedLines.MAX_LINES, BoundedLines.MAX_CHARS)) {
      String head = in.next();
      if (head == null) {
        throw new IllegalArgumentException(tsv + ": empty file, expected a header line");
      }
      List<String> header = List.of(head.split("\t", -1));
      int item = header.indexOf("item");
      int label = header.indexOf("label");
      int source = header.indexOf("source");
      if (item < 0 || label < 0) {
        throw new IllegalArgumentException(
            in.where() + "header must name columns 'item' and 'label', got " + header);
      }
      int needed = Math.max(item, label) + 1;
      String line;
      while ((line = in.next()) != null) {
        if (line.isBlank()) {
          continue;
        }
        String where = in.where();
        String[] f = line.split("\t", -1);
        if (f.length < needed) {
          throw new IllegalArgumentException(
              where + "expected at least " + needed + " tab-separated columns, got " + f.length);
        }
        if (f[item].isBlank()) {
          throw new IllegalArgumentException(where + "empty item");
        }
        String lab = f[label].strip().toLowerCase(Locale.ROOT);
        if (!lab.equals(ADULT) && !lab.equals(BENIGN) && !lab.equals(BORDERLINE)) {
          throw new IllegalArgumentException(
              where + "label must be adult, benign or borderline, got '" + f[label] + "'");
        }
        String src = source >= 0 && source < f.length ? f[source].strip() : "";
        rows.accept(new Row(where, f[item].strip(), lab, src));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + tsv, e);
    }
  }
}
