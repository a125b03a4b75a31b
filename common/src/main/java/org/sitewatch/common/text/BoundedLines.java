package org.sitewatch.common.text;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A UTF-8 text file an operator hands in (a labelled TSV, a list of URLs), read line by line under
 * two bounds: a line longer than {@link #maxLine} chars and a file of more than {@link #maxLines}
 * lines (blank ones included, so an endless run of them is not read for ever) are refused with an
 * {@link IllegalArgumentException} naming {@code file:line}. A line is read only a buffer past the
 * bound, so a file without line breaks is never held whole. A byte-order mark before the first line
 * and the {@code \r} of a {@code \r\n} end are dropped. Not thread-safe.
 */
public final class BoundedLines implements Closeable {
  /** A line longer than this (in chars) is refused by {@link #open(Path)}: a URL is far shorter. */
  public static final int MAX_LINE = 64 * 1024;

  /** A file of more lines than this is refused by {@link #open(Path)}. */
  public static final int MAX_LINES = 5_000_000;

  private final String file;
  private final Reader in;
  private final int maxLine;
  private final int maxLines;
  private final char[] buffer = new char[8192];
  private int pos;
  private int end;
  private boolean eof;
  private int lineNumber;

  private BoundedLines(String file, Reader in, int maxLine, int maxLines) {
    this.file = file;
    this.in = in;
    this.maxLine = maxLine;
    this.maxLines = maxLines;
  }

  /** {@code file} under {@link #MAX_LINE} and {@link #MAX_LINES}. */
  public static BoundedLines open(Path file) throws IOException {
    return open(file, MAX_LINE, MAX_LINES);
  }

  /**
   * {@code file} under the given bounds.
   *
   * @throws IOException if it cannot be opened
   */
  public static BoundedLines open(Path file, int maxLine, int maxLines) throws IOException {
    Objects.requireNonNull(file, "file");
    return of(
        Files.newBufferedReader(file, StandardCharsets.UTF_8), file.toString(), maxLine, maxLines);
  }

  /**
   * The lines of {@code in}, named {@code name} in messages, under the given bounds; closing the
   * result closes {@code in}.
   */
  public static BoundedLines of(Reader in, String name, int maxLine, int maxLines) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(name, "name");
    if (maxLine < 1 || maxLines < 1) {
      throw new IllegalArgumentException("maxLine and maxLines must be >= 1");
    }
    return new BoundedLines(name, in, maxLine, maxLines);
  }

  /**
   * The next line without its end, or null at the end of the file.
   *
   * @throws IOException if the file cannot be read (or is not UTF-8)
   * @throws IllegalArgumentException naming {@code file:line} for a line longer than the bound or a
   *     line beyond the line bound
   */
  public String next() throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      if (pos == end) {
        int n = eof ? -1 : in.read(buffer);
        if (n < 0) {
          eof = true;
          if (line.length() == 0) {
            return null;
          }
          break;
        }
        pos = 0;
        end = n;
      }
      int i = pos;
      while (i < end && buffer[i] != '\n') {
        i++;
      }
      line.append(buffer, pos, i - pos);
      boolean lineEnd = i < end;
      pos = lineEnd ? i + 1 : i;
      if (line.length() > maxLine + 1) { // + 1: the '\r' of a "\r\n" end
        throw tooLong();
      }
      if (lineEnd) {
        break;
      }
    }
    lineNumber++;
    if (lineNumber > maxLines) {
      throw new IllegalArgumentException(where() + "more than " + maxLines + " lines");
    }
    if (line.length() > 0 && line.charAt(line.length() - 1) == '\r') {
      line.setLength(line.length() - 1);
    }
    if (lineNumber == 1 && line.length() > 0 && line.charAt(0) == '\uFEFF') {
      line.deleteCharAt(0);
    }
    if (line.length() > maxLine) {
      lineNumber--;
      throw tooLong();
    }
    return line.toString();
  }

  private IllegalArgumentException tooLong() {
    lineNumber++;
    return new IllegalArgumentException(where() + "line longer than " + maxLine + " chars");
  }

  /** The number of the line {@link #next()} returned last (1 for the first; 0 before). */
  public int lineNumber() {
    return lineNumber;
  }

  /** {@code "file:line: "}, of the line {@link #next()} returned last, to begin a message with. */
  public String where() {
    return file + ":" + lineNumber + ": ";
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
