package org.sitewatch.sink.evidence.warc;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * One stored WARC record, located exactly: the bytes {@code [offset, offset + length)} of {@code
 * file} are one gzip member holding one record.
 *
 * @param file the WARC file in the store, as the page's reference names it (a file name, or {@code
 *     s3://bucket/key})
 * @param offset where the record's gzip member starts
 * @param length the member's length in bytes as stored
 * @param recordId the record's {@code WARC-Record-ID}
 * @param type the record's {@code WARC-Type} ({@code response}, {@code request}, {@code metadata}…)
 * @param source opens the file again when the bytes are copied (the same version that was checked)
 */
public record WarcSlice(
    String file, long offset, long length, String recordId, String type, Source source) {

  /** Opens the stored file for reading at any offset. */
  @FunctionalInterface
  public interface Source {
    SeekableByteChannel open() throws IOException;

    /** A file of the local file system. */
    static Source of(Path file) {
      Objects.requireNonNull(file, "file");
      return () -> FileChannel.open(file, StandardOpenOption.READ);
    }
  }

  public WarcSlice {
    Objects.requireNonNull(file, "file");
    if (offset < 0 || length <= 0) {
      throw new IllegalArgumentException("offset must be >= 0 and length > 0");
    }
    Objects.requireNonNull(recordId, "recordId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(source, "source");
  }

  /** A slice of a local file. */
  public WarcSlice(Path file, long offset, long length, String recordId, String type) {
    this(file.toString(), offset, length, recordId, type, Source.of(file));
  }

  /**
   * The record's stored bytes, exactly {@link #length()} of them; closing the stream closes the
   * file.
   *
   * @throws IOException if the file cannot be opened or is now shorter than the slice
   */
  public InputStream open() throws IOException {
    SeekableByteChannel channel = source.open();
    try {
      if (channel.size() < offset + length) {
        throw new IOException(file + " became shorter during the export");
      }
      InputStream bounded =
          new BoundedStream(Channels.newInputStream(channel.position(offset)), length);
      return new FilterInputStream(bounded) {
        @Override
        public void close() throws IOException {
          channel.close();
        }
      };
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }
}
