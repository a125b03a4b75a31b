package org.sitewatch.crawler.warc;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.util.List;

/**
 * Where WARC files live. Files are named by the writer, written once from start to end, and then
 * only read; a reader finds a record by file name and byte offset ({@code WarcRef}). The default is
 * {@link DirectoryWarcStorage}; an object store can implement the same three operations.
 */
public interface WarcStorage {
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
}
