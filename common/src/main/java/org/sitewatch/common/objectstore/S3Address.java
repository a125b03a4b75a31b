package org.sitewatch.common.objectstore;

import java.util.Objects;
import java.util.Optional;

/**
 * One object in an S3-compatible store, written {@code s3://bucket/key}. This is how a {@code
 * WarcRef} names a WARC file that lives in an object store (a plain name means the folder store),
 * so the crawler that writes and the sink and workbench that read agree on it here, once.
 *
 * @param bucket the bucket (3 to 63 lower-case letters, digits, {@code .} and {@code -})
 * @param key the object key (no leading {@code /}, no empty, {@code .} or {@code ..} segment)
 */
public record S3Address(String bucket, String key) {
  /** The scheme prefix of an object-store reference. */
  public static final String SCHEME = "s3://";

  public S3Address {
    S3Location.checkBucket(bucket);
    Objects.requireNonNull(key, "key");
    if (key.isEmpty() || key.length() > 1024 || key.startsWith("/") || key.endsWith("/")) {
      throw new IllegalArgumentException("not an object key: '" + key + "'");
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("not an object key: '" + key + "'");
      }
    }
    if (key.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\')) {
      throw new IllegalArgumentException("object key holds a control character or backslash");
    }
  }

  /** Whether {@code reference} names an object ({@code s3://...}) rather than a plain file name. */
  public static boolean isObjectReference(String reference) {
    return reference != null && reference.startsWith(SCHEME);
  }

  /**
   * Parses {@code s3://bucket/key}.
   *
   * @return empty when {@code reference} is not of that form
   */
  public static Optional<S3Address> parse(String reference) {
    if (!isObjectReference(reference)) {
      return Optional.empty();
    }
    String rest = reference.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    if (slash <= 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(new S3Address(rest.substring(0, slash), rest.substring(slash + 1)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The file name: the key's last segment. */
  public String name() {
    return key.substring(key.lastIndexOf('/') + 1);
  }

  @Override
  public String toString() {
    return SCHEME + bucket + "/" + key;
  }
}
