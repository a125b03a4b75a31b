package org.sitewatch.crawler.warc;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.util.List;

/**
 * Where WARC files live. Files are named by the writer, written once from start to end, and then
 * only read; a reader finds a record by file name and byte offset ({@code WarcRef}). The default is
 * {@link DirectoryWarcStorage}; {@link S3WarcStorage} writes into a local spool folder and uploads
 * each file to an S3-compatible store once it is closed.
 */
public interface WarcStorage extends AutoCloseable {
  /**
   * Creates a new, empty file for writing.
   *
   * @param name a plain file name (no folders), e.g. {@code
   *     sitewatch-20261128153000123-00001-w1.warc.gz}
   * @throws java.nio.file.FileAlreadyExistsException if a file of that name exists
   */
  OutputStream create(String name) throws IOException;

  /** Opens a stored file for reading at any offset. */
  SeekableByteChannel open(String name) throws IOException;

  /** Names of the stored files, sorted. */
  List<String> list() throws IOException;

  /** Where the files are, for logs and the warcinfo record (e.g. a folder path). */
  String location();

  /**
   * How a {@code WarcRef} names the file {@code name} of this storage: the plain name for a folder
   * (read relative to {@code sink.warc-dir}), {@code s3://bucket/key} for an object store.
   */
  default String reference(String name) {
    return name;
  }

  /**
   * Finishes what the storage still does with closed files (uploads) as far as it can in a bounded
   * time; what is left is kept, never dropped. Nothing to do for a folder.
   */
  @Override
  default void close() {}
}
