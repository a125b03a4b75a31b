package org.sitewatch.sink.evidence.warc;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.util.Objects;
import java.util.Optional;
import org.sitewatch.common.objectstore.S3Address;
import org.sitewatch.common.objectstore.S3Location;
import org.sitewatch.common.objectstore.S3Store;
import org.sitewatch.events.WarcRef;

/**
 * The crawler's WARC files on an S3-compatible object store, for references whose file is {@code
 * s3://bucket/key} (written by the crawler's {@code S3WarcStorage}). The same checks as {@link
 * DirectoryWarcSource}, on ranged GETs: the object is looked up once (size, ETag), every read is
 * pinned to that ETag, so a replaced object is reported instead of mixing two versions; only the
 * response record and the scan window around it are fetched, never the whole file. Closing it
 * closes the store client.
 *
 * <p>Only objects under the configured {@code evidence.warc-store} location are read: a page
 * reference comes from a page record, which verdicts and leads can shape, so a reference to another
 * bucket or outside the prefix is reported as not in the configured WARC store and never fetched
 * (the credentials may reach more than the crawler's WARC files).
 */
public final class S3WarcSource implements WarcSource, AutoCloseable {
  private final S3Store store;
  private final S3Location location;
  private final StoredRecords records;

  /**
   * @param store the client, closed with this source
   * @param location the crawler's WARC store ({@code evidence.warc-store}): the only bucket and
   *     prefix read
   */
  public S3WarcSource(S3Store store, S3Location location) {
    this(
        store,
        location,
        DirectoryWarcSource.DEFAULT_SCAN_BYTES,
        DirectoryWarcSource.DEFAULT_SCAN_RECORDS);
  }

  public S3WarcSource(S3Store store, S3Location location, long scanBytes, int scanRecords) {
    this.store = Objects.requireNonNull(store, "store");
    this.location = Objects.requireNonNull(location, "location");
    this.records = new StoredRecords(scanBytes, scanRecords);
  }

  @Override
  public WarcLookup lookup(WarcRef ref) {
    Objects.requireNonNull(ref, "ref");
    Optional<S3Address> address = S3Address.parse(ref.file());
    if (address.isEmpty()) {
      return WarcLookup.unavailable(
          "WARC file name " + ref.file() + " is not an object reference (s3://bucket/key)");
    }
    S3Address at = address.get();
    if (!inStore(at)) {
      return WarcLookup.unavailable(
          "WARC file " + ref.file() + " is not in the configured WARC store " + location);
    }
    S3Store.ObjectInfo seen;
    try {
      seen = store.head(at);
    } catch (FileNotFoundException e) {
      return WarcLookup.unavailable(
          "WARC file "
              + ref.file()
              + " is missing from the object store (not uploaded yet, or removed)");
    } catch (IOException e) {
      return WarcLookup.unavailable(
          "WARC file " + ref.file() + " cannot be read: " + e.getMessage());
    }
    WarcSlice.Source source = () -> store.open(at, seen);
    try (SeekableByteChannel ch = source.open()) {
      return records.locate(ref, ch, source);
    } catch (IOException e) {
      return WarcLookup.unavailable(
          "WARC file " + ref.file() + " cannot be read: " + e.getMessage());
    }
  }

  /** Same bucket, key under the prefix (S3Address already refuses empty, . and .. segments). */
  private boolean inStore(S3Address at) {
    return at.bucket().equals(location.bucket())
        && at.key().startsWith(location.listPrefix())
        && at.key().length() > location.listPrefix().length();
  }

  @Override
  public void close() {
    store.close();
  }
}
