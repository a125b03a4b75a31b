package org.sitewatch.common.objectstore;

import java.util.Objects;

/**
 * A folder of an S3-compatible store and how to reach it: {@code evidence.warc-store} with {@code
 * evidence.s3.*}. Its text form hides the secret key.
 */
public record S3Target(S3Location location, S3Settings settings) {
  public S3Target {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(settings, "settings");
  }

  /** A client for this target's store. */
  public S3Store store() {
    return new S3Store(settings);
  }
}
