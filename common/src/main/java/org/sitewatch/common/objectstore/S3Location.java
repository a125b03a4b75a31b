package org.sitewatch.common.objectstore;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A folder in an S3-compatible store: a bucket and a key prefix, written {@code s3://bucket} or
 * {@code s3://bucket/some/prefix} ({@code evidence.warc-store}).
 *
 * @param bucket the bucket
 * @param prefix the key prefix without leading or trailing {@code /}; empty for the bucket's root
 */
public record S3Location(String bucket, String prefix) {
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  public S3Location {
    checkBucket(bucket);
    Objects.requireNonNull(prefix, "prefix");
    if (!prefix.isEmpty()) {
      new S3Address(bucket, prefix); // same rules as a key
    }
  }

  static void checkBucket(String bucket) {
    Objects.requireNonNull(bucket, "bucket");
    if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      throw new IllegalArgumentException("not an S3 bucket name: '" + bucket + "'");
    }
  }

  /**
   * Parses {@code s3://bucket[/prefix][/]}.
   *
   * @throws IllegalArgumentException if it is not of that form
   */
  public static S3Location parse(String uri) {
    Objects.requireNonNull(uri, "uri");
    if (!uri.startsWith(S3Address.SCHEME)) {
      throw new IllegalArgumentException("expected s3://bucket/prefix, got '" + uri + "'");
    }
    String rest = uri.substring(S3Address.SCHEME.length());
    while (rest.endsWith("/")) {
      rest = rest.substring(0, rest.length() - 1);
    }
    int slash = rest.indexOf('/');
    return slash < 0
        ? new S3Location(rest, "")
        : new S3Location(rest.substring(0, slash), rest.substring(slash + 1));
  }

  /** The object of file {@code name} in this folder. */
  public S3Address address(String name) {
    return new S3Address(bucket, prefix.isEmpty() ? name : prefix + "/" + name);
  }

  /** The key prefix under which this folder's objects are listed ({@code prefix/} or empty). */
  public String listPrefix() {
    return prefix.isEmpty() ? "" : prefix + "/";
  }

  @Override
  public String toString() {
    return S3Address.SCHEME + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
  }
}
