package org.sitewatch.common.text;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A UTF-8 text file an operator hands in (a labelled TSV, a list of URLs), read line by line under
 * bounds: a line longer than {@link #maxLine} chars and a file of more than {@link #maxLines} lines
 * (blank ones included, so an endless run of them is not read for ever) are refused with an {@link
 * IllegalArgumentException} naming {@code file:line}, and so, if the caller asks for it, is a file
 * of more than {@code maxChars} chars in all (line ends included): a caller that keeps every line
 * bounds what it holds. A line is read only a buffer past the bound, so a file without line breaks
 * is never held whole. A line ends at {@code \n}, {@code \r\n} or a lone {@code \r}, as {@link
 * Files#readAllLines(Path)} has it; a byte-order mark at the start of the file is dropped (it does
 * not count towards the first line's length). Text that is not UTF-8 is refused the same way,
 * naming {@code file:line}: by {@code open} a line holding a byte sequence that is not UTF-8 (or
 * U+FFFD, the replacement character), by {@code of} whatever the reader reports as a {@link
 * CharacterCodingException}. Not thread-safe.
 */
public final class BoundedLines implements Closeable {
  /** A line longer than this (in chars) is refused by {@link #open(Path)}: a URL is far shorter. */
  public static final int MAX_LINE = 64 * 1024;

  /** A file of more lines than this is refused by {@link #open(Path)}. */
  public static final int MAX_LINES = 5_000_000;

  /**
   * A total bound (in chars, line ends included) for a caller that keeps every line or builds its
   * output from them: 256 Mi chars, as {@code ListImport} bounds a list file at 256 MiB. Not
   * applied by {@link #open(Path)}: pass it to {@link #open(Path, int, int, long)}.
   */
  public static final long MAX_CHARS = 256L * 1024 * 1024;

  private final String file;
  private final Reader in;
  private final int maxLine;
  private final int maxLines;
  private final long maxChars;
  private final char[] buffer = new char[BUFFER_CHARS];
  private int pos;
  private int end;
  private boolean eof;
  private boolean started;
  private boolean afterCr;
  private boolean refuseReplacement;
  private long chars;
  private int lineNumber;

  /**
   * Chars asked of the reader at a time: a bound is passed by at most this much before it stops.
   */
  static final int BUFFER_CHARS = 8192;

  private BoundedLines(String file, Reader in, int maxLine, int maxLines, long maxChars) {
    this.file = file;
    this.in = in;
    this.maxLine = maxLine;
    this.maxLines = maxLines;
    this.maxChars = maxChars;
  }

  /** {@code file} under {@link #MAX_LINE} and {@link #MAX_LINES}. */
  public static BoundedLines open(Path file) throws IOException {
    return open(file, MAX_LINE, MAX_LINES);
  }

  /**
   * {@code file} under the given bounds, without a total bound.
   *
   * @throws IOException if it cannot be opened
   */
  public static BoundedLines open(Path file, int maxLine, int maxLines) throws IOException {
    return open(file, maxLine, maxLines, Long.MAX_VALUE);
  }

  /**
   * {@code file} under the given bounds, at most {@code maxChars} chars in all.
   *
   * @throws IOException if it cannot be opened
   */
  public static BoundedLines open(Path file, int maxLine, int maxLines, long maxChars)
      throws IOException {
    Objects.requireNonNull(file, "file");
    // malformed input is replaced and the line holding it refused: a decoder that reports it
    // throws for a whole buffer, before the good lines in it, so the line number would be wrong
    Reader reader =
        new InputStreamReader(
            Files.newInputStream(file),
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE));
    BoundedLines lines = of(reader, file.toString(), maxLine, maxLines, maxChars);
    lines.refuseReplacement = true;
    return lines;
  }

  /**
   * The lines of {@code in}, named {@code name} in messages, under the given bounds, without a
   * total bound; closing the result closes {@code in}.
   */
  public static BoundedLines of(Reader in, String name, int maxLine, int maxLines) {
    return of(in, name, maxLine, maxLines, Long.MAX_VALUE);
  }

  /**
   * The lines of {@code in}, named {@code name} in messages, under the given bounds, at most {@code
   * maxChars} chars in all; closing the result closes {@code in}.
   */
  public static BoundedLines of(Reader in, String name, int maxLine, int maxLines, long maxChars) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(name, "name");
    if (maxLine < 1 || maxLines < 1 || maxChars < 1) {
      throw new IllegalArgumentException("maxLine, maxLines and maxChars must be >= 1");
    }
    return new BoundedLines(name, in, maxLine, maxLines, maxChars);
  }

  /**
   * The next line without its end, or null at the end of the file.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException naming {@code file:line} for a line longer than the bound, a
   *     line beyond the line bound, a char beyond the total bound, or text that is not UTF-8
   */
  public String next() throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      if (pos == end) {
        int n = eof ? -1 : fill();
        if (n < 0) {
          eof = true;
          if (line.length() == 0) {
            return null;
          }
          break;
        }
        pos = 0;
        end = n;
        if (!started) {
          started = true;
          if (end > 0 && buffer[0] == '\uFEFF') {
            pos = 1;
            chars++;
          }
        }
        continue;
      }
      if (afterCr) {
        afterCr = false;
        if (buffer[pos] == '\n') { // the rest of a "\r\n" end
          pos++;
          chars++;
          continue;
        }
      }
      int i = pos;
      while (i < end && buffer[i] != '\n' && buffer[i] != '\r') {
        i++;
      }
      line.append(buffer, pos, i - pos);
      chars += i - pos;
      boolean lineEnd = i < end;
      if (lineEnd) {
        afterCr = buffer[i] == '\r';
        chars++;
        pos = i + 1;
      } else {
        pos = i;
      }
      if (chars > maxChars) {
        throw new IllegalArgumentException(
            at(lineNumber + 1) + "more than " + maxChars + " chars in all");
      }
      if (line.length() > maxLine) {
        throw new IllegalArgumentException(
            at(lineNumber + 1) + "line longer than " + maxLine + " chars");
      }
      if (lineEnd) {
        break;
      }
    }
    if (refuseReplacement && line.indexOf("\uFFFD") >= 0) {
      throw new IllegalArgumentException(
          at(lineNumber + 1) + "not UTF-8 text (convert the file to UTF-8)");
    }
    lineNumber++;
    if (lineNumber > maxLines) {
      throw new IllegalArgumentException(where() + "more than " + maxLines + " lines");
    }
    return line.toString();
  }

  private int fill() throws IOException {
    try {
      return in.read(buffer);
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(
          at(lineNumber + 1) + "not UTF-8 text (" + e.getMessage() + ")", e);
    }
  }

  /** The number of the line {@link #next()} returned last (1 for the first; 0 before). */
  public int lineNumber() {
    return lineNumber;
  }

  /** {@code "file:line: "}, of the line {@link #next()} returned last, to begin a message with. */
  public String where() {
    return at(lineNumber);
  }

  private String at(int line) {
    return file + ":" + line + ": ";
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
