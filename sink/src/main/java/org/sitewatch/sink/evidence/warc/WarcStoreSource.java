package org.sitewatch.sink.evidence.warc;

import java.util.Objects;
import java.util.Optional;
import org.sitewatch.common.objectstore.S3Address;
import org.sitewatch.events.WarcRef;

/**
 * The crawler's WARC store as the sink and the workbench read it: a reference whose file is {@code
 * s3://bucket/key} is read from the object store, any other (a plain file name, as every reference
 * written before the object store existed) from the folder. An object reference without a
 * configured object store is unavailable, with the reason.
 */
public final class WarcStoreSource implements WarcSource, AutoCloseable {
  private final WarcSource folder;
  private final Optional<S3WarcSource> objects;

  public WarcStoreSource(WarcSource folder, Optional<S3WarcSource> objects) {
    this.folder = Objects.requireNonNull(folder, "folder");
    this.objects = Objects.requireNonNull(objects, "objects");
  }

  @Override
  public WarcLookup lookup(WarcRef ref) {
    if (!S3Address.isObjectReference(ref.file())) {
      return folder.lookup(ref);
    }
    return objects
        .<WarcLookup>map(s -> s.lookup(ref))
        .orElseGet(
            () ->
                WarcLookup.unavailable(
                    "WARC file "
                        + ref.file()
                        + " is in an object store, and none is configured here"
                        + " (evidence.warc-store, evidence.s3.*)"));
  }

  @Override
  public void close() {
    objects.ifPresent(S3WarcSource::close);
  }
}
