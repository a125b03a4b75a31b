package org.sitewatch.crawler;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.sitewatch.common.objectstore.S3Target;
import org.sitewatch.crawler.warc.DirectoryWarcStorage;

/**
 * How a worker captures evidence and bounds a single fetch. Every default lives in {@link
 * #defaults()}.
 *
 * @param totalTimeoutMs deadline for one HTTP exchange from sending the request to the last body
 *     byte (default 60 s), so a server that drips a byte at a time cannot hold a fetch thread
 * @param warcEnabled whether every exchange is written to WARC files (default true)
 * @param warcDir folder of the WARC files (default {@code sitewatch-warc} under the current working
 *     directory)
 * @param warcMaxFileBytes a WARC file is closed and a new one started before it would grow past
 *     this (default 1 GiB; at least 1 KiB)
 * @param operator who runs the crawl, written into every WARC file's warcinfo record (default the
 *     operating-system user name)
 * @param warcStore an S3-compatible store the closed WARC files are uploaded to ({@code
 *     evidence.warc-store=s3://...}), {@code warcDir} then being the local spool; empty (default):
 *     the files stay in {@code warcDir}
 */
public record CaptureSettings(
    int totalTimeoutMs,
    boolean warcEnabled,
    Path warcDir,
    long warcMaxFileBytes,
    String operator,
    Optional<S3Target> warcStore) {

  public static final long DEFAULT_WARC_MAX_FILE_BYTES = 1024L * 1024 * 1024;

  public CaptureSettings {
    if (totalTimeoutMs < 1) {
      throw new IllegalArgumentException(
          "totalTimeoutMs must be at least 1, got " + totalTimeoutMs);
    }
    Objects.requireNonNull(warcDir, "warcDir");
    if (warcMaxFileBytes < 1024) {
      throw new IllegalArgumentException(
          "warcMaxFileBytes must be at least 1024, got " + warcMaxFileBytes);
    }
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(warcStore, "warcStore");
    if (operator.isBlank() || operator.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
      throw new IllegalArgumentException(
          "operator must be non-blank printable text, got '" + operator + "'");
    }
  }

  /** Files kept in {@code warcDir} only. */
  public CaptureSettings(
      int totalTimeoutMs,
      boolean warcEnabled,
      Path warcDir,
      long warcMaxFileBytes,
      String operator) {
    this(totalTimeoutMs, warcEnabled, warcDir, warcMaxFileBytes, operator, Optional.empty());
  }

  /**
   * 60 s total timeout, WARC on, {@code ./sitewatch-warc}, 1 GiB files, the OS user as operator.
   */
  public static CaptureSettings defaults() {
    String user = System.getProperty("user.name", "");
    return new CaptureSettings(
        60_000,
        true,
        Path.of(DirectoryWarcStorage.DEFAULT_FOLDER),
        DEFAULT_WARC_MAX_FILE_BYTES,
        user == null || user.isBlank() ? "unknown" : user);
  }

  public CaptureSettings withWarcDir(Path dir) {
    return new CaptureSettings(
        totalTimeoutMs, warcEnabled, dir, warcMaxFileBytes, operator, warcStore);
  }

  public CaptureSettings withTotalTimeoutMs(int ms) {
    return new CaptureSettings(ms, warcEnabled, warcDir, warcMaxFileBytes, operator, warcStore);
  }

  public CaptureSettings withWarcMaxFileBytes(long bytes) {
    return new CaptureSettings(totalTimeoutMs, warcEnabled, warcDir, bytes, operator, warcStore);
  }

  /** The same, with closed files uploaded to {@code store} ({@code warcDir} as the spool). */
  public CaptureSettings withWarcStore(Optional<S3Target> store) {
    return new CaptureSettings(
        totalTimeoutMs, warcEnabled, warcDir, warcMaxFileBytes, operator, store);
  }

  public CaptureSettings withWarcEnabled(boolean enabled) {
    return new CaptureSettings(
        totalTimeoutMs, enabled, warcDir, warcMaxFileBytes, operator, warcStore);
  }
}
