package org.sitewatch.sink.evidence.bundle;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.awaitility.Awaitility;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.sitewatch.common.objectstore.S3Settings;

/**
 * A real S3 server in this JVM (s3proxy on jclouds' in-memory blob store) on a loopback port, with
 * AWS V4 signatures checked. {@link #stop()} and {@link #start()} take it away and bring it back on
 * the same port with the same objects.
 */
final class S3TestServer implements AutoCloseable {
  static final String ACCESS_KEY = "sitewatch-test";
  static final String SECRET_KEY = "sitewatch-test-secret";

  private final BlobStoreContext context;
  private final BlobStore blobs;
  private int port;
  private S3Proxy proxy;

  S3TestServer(String... buckets) throws Exception {
    context =
        ContextBuilder.newBuilder("transient")
            .credentials("identity", "credential")
            .overrides(new Properties())
            .build(BlobStoreContext.class);
    blobs = context.getBlobStore();
    for (String b : buckets) {
      blobs.createContainerInLocation(null, b);
    }
    start();
  }

  void start() throws Exception {
    proxy =
        S3Proxy.builder()
            .blobStore(blobs)
            .endpoint(URI.create("http://127.0.0.1:" + port))
            .awsAuthentication(AuthenticationType.AWS_V4, ACCESS_KEY, SECRET_KEY)
            .build();
    proxy.start();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "STARTED".equals(proxy.getState()));
    port = proxy.getPort();
  }

  void stop() throws Exception {
    proxy.stop();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> "STOPPED".equals(proxy.getState()));
  }

  BlobStore blobs() {
    return blobs;
  }

  S3Settings settings() {
    return new S3Settings(
        Optional.of(URI.create("http://127.0.0.1:" + port)),
        S3Settings.DEFAULT_REGION,
        true,
        Optional.of(ACCESS_KEY),
        Optional.of(SECRET_KEY));
  }

  @Override
  public void close() throws Exception {
    proxy.stop();
    context.close();
  }
}
