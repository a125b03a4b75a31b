package org.sitewatch.common.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/** Upload verification against a stand-in client that answers PUT and HEAD like a store would. */
class S3StoreUploadTest {
  private static final S3Address TO = S3Address.parse("s3://evidence/warc/a.warc.gz").orElseThrow();
  // what an SSE-KMS / SSE-C bucket or an encrypting MinIO reports: 32 hex digits, not the MD5
  private static final String ENCRYPTED_ETAG = "\"0123456789abcdef0123456789abcdef\"";

  @TempDir Path dir;

  @Test
  void uploadIsVerifiedWhenTheStoreEncryptsAndItsEtagIsNotTheContentMd5() throws IOException {
    Path file = file();
    try (S3Store store = new S3Store(storeAnswering(head -> head))) {
      S3Store.Uploaded done = store.upload(file, TO);
      assertThat(done.size()).isEqualTo(Files.size(file));
      assertThat(done.etag()).isEqualTo("0123456789abcdef0123456789abcdef");
    }
  }

  @Test
  void uploadIsNotVerifiedWhenTheStoredSha256DiffersFromTheFile() throws IOException {
    Path file = file();
    try (S3Store store =
        new S3Store(storeAnswering(head -> head.metadata(Map.of("sha256", "00"))))) {
      assertThatThrownBy(() -> store.upload(file, TO))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("not verified");
    }
  }

  private Path file() throws IOException {
    return Files.writeString(dir.resolve("a.warc.gz"), "some WARC bytes", StandardCharsets.UTF_8);
  }

  /** A client that keeps what a PUT sent and answers HEAD with it, after {@code adjust}. */
  private static S3Client storeAnswering(UnaryOperator<HeadObjectResponse.Builder> adjust) {
    PutObjectRequest[] put = new PutObjectRequest[1];
    return (S3Client)
        Proxy.newProxyInstance(
            S3StoreUploadTest.class.getClassLoader(),
            new Class<?>[] {S3Client.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "putObject" -> {
                    put[0] = (PutObjectRequest) args[0];
                    yield PutObjectResponse.builder().eTag(ENCRYPTED_ETAG).build();
                  }
                  case "headObject" ->
                      adjust
                          .apply(
                              HeadObjectResponse.builder()
                                  .contentLength(put[0].contentLength())
                                  .eTag(ENCRYPTED_ETAG)
                                  .metadata(put[0].metadata()))
                          .build();
                  case "close" -> null;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}
