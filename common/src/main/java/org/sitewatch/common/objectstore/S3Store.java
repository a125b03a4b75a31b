package org.sitewatch.common.objectstore;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The few object-store operations WARC evidence needs, on any S3-compatible store: upload a closed
 * file whole and verify it, look an object up, read a byte range of it, list a folder. Every SDK
 * failure becomes an {@link IOException} naming the object; a missing object is a {@link
 * FileNotFoundException}. Thread-safe; closing it closes the HTTP client.
 *
 * <p>Uploads send {@code Content-MD5}, so the store itself refuses bytes that changed on the way,
 * and the SHA-256 of the file as user metadata ({@code x-amz-meta-sha256}); the upload counts as
 * verified only when a following HEAD reports the same size and that SHA-256. The ETag is not
 * compared with the MD5: with SSE-KMS, SSE-C or an encrypting MinIO it is not the content's MD5
 * even for a whole-object PUT, and {@code Content-MD5} already has the store check the bytes it
 * received. Checksums the SDK would add on its own (CRC trailers, which many S3-compatible stores
 * refuse) are off: only what the protocol requires is sent.
 */
public final class S3Store implements AutoCloseable {
  /** User metadata key holding the SHA-256 (hex) of an uploaded file. */
  public static final String SHA256_METADATA = "sha256";

  private final S3Client client;

  /** Builds the client from the settings (credentials from them or the AWS default chain). */
  public S3Store(S3Settings settings) {
    this(client(settings));
  }

  /** Around a client built elsewhere; closing the store closes it. */
  public S3Store(S3Client client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  private static S3Client client(S3Settings s) {
    AwsCredentialsProvider credentials =
        s.accessKey().isPresent()
            ? StaticCredentialsProvider.create(
                AwsBasicCredentials.create(s.accessKey().get(), s.secretKey().orElseThrow()))
            : DefaultCredentialsProvider.builder().build();
    var builder =
        S3Client.builder()
            .region(Region.of(s.region()))
            .forcePathStyle(s.pathStyle())
            .credentialsProvider(credentials)
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .httpClient(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(60))
                    .build());
    s.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  /** What the store says about one object. */
  public record ObjectInfo(long size, String etag, Map<String, String> metadata) {
    public ObjectInfo {
      metadata = Map.copyOf(metadata);
    }
  }

  /** A verified upload: the object's size, ETag and the SHA-256 (hex) of the bytes sent. */
  public record Uploaded(S3Address address, long size, String etag, String sha256) {}

  /**
   * Uploads {@code file} whole to {@code to} and verifies it (see the class comment).
   *
   * @throws IOException if the file cannot be read, the store refuses or fails, or what it holds
   *     afterwards differs from the file
   */
  public Uploaded upload(Path file, S3Address to) throws IOException {
    long size = Files.size(file);
    MessageDigest md5 = digest("MD5");
    MessageDigest sha256 = digest("SHA-256");
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        md5.update(buffer, 0, n);
        sha256.update(buffer, 0, n);
      }
    }
    byte[] md5Bytes = md5.digest();
    String shaHex = HexFormat.of().formatHex(sha256.digest());
    try {
      client.putObject(
          PutObjectRequest.builder()
              .bucket(to.bucket())
              .key(to.key())
              .contentLength(size)
              .contentMD5(Base64.getEncoder().encodeToString(md5Bytes))
              .contentType("application/warc")
              .metadata(Map.of(SHA256_METADATA, shaHex))
              .build(),
          RequestBody.fromFile(file));
    } catch (SdkException e) {
      throw failure("upload " + file.getFileName() + " to", to, e);
    }
    ObjectInfo stored = head(to);
    String storedSha = stored.metadata().getOrDefault(SHA256_METADATA, "");
    String etag = stored.etag();
    if (stored.size() != size || !storedSha.equalsIgnoreCase(shaHex)) {
      throw new IOException(
          "upload of "
              + file.getFileName()
              + " to "
              + to
              + " not verified: the store holds "
              + stored.size()
              + " bytes, sha256 '"
              + storedSha
              + "', ETag "
              + etag
              + "; sent "
              + size
              + " bytes, sha256 "
              + shaHex);
    }
    return new Uploaded(to, size, etag, shaHex);
  }

  /**
   * Size, ETag (without quotes) and user metadata of an object.
   *
   * @throws FileNotFoundException if there is no such object
   */
  public ObjectInfo head(S3Address address) throws IOException {
    try {
      HeadObjectResponse r =
          client.headObject(
              HeadObjectRequest.builder().bucket(address.bucket()).key(address.key()).build());
      Map<String, String> metadata = new java.util.HashMap<>();
      r.metadata().forEach((k, v) -> metadata.put(k.toLowerCase(Locale.ROOT), v));
      return new ObjectInfo(r.contentLength(), unquote(r.eTag()), metadata);
    } catch (NoSuchKeyException e) {
      throw new FileNotFoundException("no object " + address);
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        throw new FileNotFoundException("no object " + address);
      }
      throw failure("look up", address, e);
    } catch (SdkException e) {
      throw failure("look up", address, e);
    }
  }

  /**
   * Exactly {@code length} bytes of the object from {@code offset} (one ranged GET).
   *
   * @param etag when not null, the read fails if the object is no longer that version
   * @throws IOException if the store fails, or holds fewer bytes there
   */
  public byte[] read(S3Address address, long offset, int length, String etag) throws IOException {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("offset and length must be >= 0");
    }
    if (length == 0) {
      return new byte[0];
    }
    GetObjectRequest.Builder request =
        GetObjectRequest.builder()
            .bucket(address.bucket())
            .key(address.key())
            .range("bytes=" + offset + "-" + (offset + length - 1));
    if (etag != null) {
      request.ifMatch("\"" + etag + "\"");
    }
    try (ResponseInputStream<GetObjectResponse> in = client.getObject(request.build())) {
      byte[] bytes = in.readNBytes(length);
      if (bytes.length < length) {
        throw new IOException(
            "object "
                + address
                + " ends before "
                + length
                + " bytes from offset "
                + offset
                + " ("
                + bytes.length
                + " read)");
      }
      in.abort(); // never read what a store sends beyond the range
      return bytes;
    } catch (NoSuchKeyException e) {
      throw new FileNotFoundException("no object " + address);
    } catch (S3Exception e) {
      if (e.statusCode() == 412) {
        throw new IOException(
            "object " + address + " changed while it was read (ETag " + etag + ")");
      }
      if (e.statusCode() == 416) {
        throw new IOException(
            "object " + address + " has no bytes at offset " + offset + " (range not satisfiable)");
      }
      throw failure("read", address, e);
    } catch (SdkException e) {
      throw failure("read", address, e);
    }
  }

  /** Opens the object for reading at any offset, pinned to its current version (ETag). */
  public S3ObjectChannel open(S3Address address) throws IOException {
    ObjectInfo info = head(address);
    return new S3ObjectChannel(this, address, info.size(), info.etag());
  }

  /** Opens the object in the version {@code seen} describes: reads fail if it changed since. */
  public S3ObjectChannel open(S3Address address, ObjectInfo seen) {
    return new S3ObjectChannel(this, address, seen.size(), seen.etag());
  }

  /** Names (last key segment) of the objects directly in {@code folder}, sorted. */
  public List<String> list(S3Location folder) throws IOException {
    List<String> names = new ArrayList<>();
    try {
      for (S3Object o :
          client
              .listObjectsV2Paginator(
                  ListObjectsV2Request.builder()
                      .bucket(folder.bucket())
                      .prefix(folder.listPrefix())
                      .delimiter("/")
                      .build())
              .contents()) {
        names.add(o.key().substring(folder.listPrefix().length()));
      }
    } catch (SdkException e) {
      throw new IOException("cannot list " + folder + ": " + e.getMessage(), e);
    }
    names.sort(null);
    return names;
  }

  @Override
  public void close() {
    client.close();
  }

  private static IOException failure(String what, S3Address address, SdkException e) {
    return new IOException("cannot " + what + " " + address + ": " + e.getMessage(), e);
  }

  private static String unquote(String etag) {
    if (etag == null) {
      return "";
    }
    return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
        ? etag.substring(1, etag.length() - 1)
        : etag;
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is part of every JDK", e);
    }
  }
}
