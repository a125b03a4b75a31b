package org.sitewatch.sink.evidence;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One stored WARC record, located exactly: the bytes {@code [offset, offset + length)} of {@code
 * file} are one gzip member holding one record.
 *
 * @param file the WARC file in the store
 * @param offset where the record's gzip member starts
 * @param length the member's length in bytes as stored
 * @param recordId the record's {@code WARC-Record-ID}
 * @param type the record's {@code WARC-Type} ({@code response}, {@code request}, {@code metadata}…)
 */
public record WarcSlice(Path file, long offset, long length, String recordId, String type) {
  public WarcSlice {
    Objects.requireNonNull(file, "file");
    if (offset < 0 || length <= 0) {
      throw new IllegalArgumentException("offset must be >= 0 and length > 0");
    }
    Objects.requireNonNull(recordId, "recordId");
    Objects.requireNonNull(type, "type");
  }
}
