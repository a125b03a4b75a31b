package org.sitewatch.common.objectstore;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach an S3-compatible store ({@code evidence.s3.*}). Not a record on purpose: its text
 * form shows neither the secret key nor the access key ID (only whether credentials are static or
 * the AWS default chain), and code that prints records component by component (the crawler's
 * warcinfo) sees only {@link #toString()}.
 */
public final class S3Settings {
  /** The region used when none is configured; S3-compatible stores mostly ignore it. */
  public static final String DEFAULT_REGION = "us-east-1";

  private final Optional<URI> endpoint;
  private final String region;
  private final boolean pathStyle;
  private final Optional<String> accessKey;
  private final Optional<String> secretKey;

  /**
   * @param endpoint the store's URL ({@code http://minio:9000}); empty: AWS's endpoint of the
   *     region
   * @param region the signing region
   * @param pathStyle address buckets as {@code endpoint/bucket/key} (what most S3-compatible stores
   *     expect) instead of {@code bucket.endpoint/key}
   * @param accessKey with {@code secretKey}, static credentials; both empty: the AWS default chain
   *     ({@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY}, profiles, instance roles)
   * @param secretKey the secret, never printed
   */
  public S3Settings(
      Optional<URI> endpoint,
      String region,
      boolean pathStyle,
      Optional<String> accessKey,
      Optional<String> secretKey) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    endpoint.ifPresent(
        u -> {
          if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())
              || u.getHost() == null) {
            throw new IllegalArgumentException(
                "evidence.s3.endpoint must be an http(s) URL with a host, got '" + u + "'");
          }
        });
    this.region = Objects.requireNonNull(region, "region").strip();
    if (this.region.isEmpty()) {
      throw new IllegalArgumentException("evidence.s3.region must not be empty");
    }
    this.pathStyle = pathStyle;
    this.accessKey = Objects.requireNonNull(accessKey, "accessKey").filter(k -> !k.isBlank());
    this.secretKey = Objects.requireNonNull(secretKey, "secretKey").filter(k -> !k.isBlank());
    if (this.accessKey.isPresent() != this.secretKey.isPresent()) {
      throw new IllegalArgumentException(
          "evidence.s3.access-key and evidence.s3.secret-key: give both or neither");
    }
  }

  public Optional<URI> endpoint() {
    return endpoint;
  }

  public String region() {
    return region;
  }

  public boolean pathStyle() {
    return pathStyle;
  }

  public Optional<String> accessKey() {
    return accessKey;
  }

  /** The secret key; for building the client only. */
  Optional<String> secretKey() {
    return secretKey;
  }

  @Override
  public String toString() {
    return "S3Settings[endpoint="
        + endpoint.map(URI::toString).orElse("(AWS)")
        + ", region="
        + region
        + ", pathStyle="
        + pathStyle
        + ", credentials="
        + (accessKey.isPresent() ? "static" : "default chain")
        + "]";
  }
}
