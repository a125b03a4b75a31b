package org.sitewatch.crawler.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RawBodyTest {
  private static final int CAP = 1000;

  /** A body of {@code length} bytes, with {@code declared} as its Content-Length (-1: none). */
  private static HttpEntity entity(int length, long declared) {
    return new InputStreamEntity(
        new ByteArrayInputStream(bytes(length)), declared, ContentType.APPLICATION_OCTET_STREAM);
  }

  @ParameterizedTest(name = "{0} bytes, Content-Length {1}")
  @CsvSource({
    // length, declared, bytes kept, truncated
    "0, 0, 0, ",
    "0, -1, 0, ",
    "300, 300, 300, ",
    "300, -1, 300, ",
    "1000, 1000, 1000, ",
    "1000, -1, 1000, ",
    "1001, -1, 1000, length",
    "5000, 5000, 1000, length",
    "5000, -1, 1000, length",
    "200, 300, 200, ", // declared more than sent: what came
    "400, 300, 400, ", // sent more than declared: read on, up to the cap
    "1500, 300, 1000, length",
  })
  void keepsTheBytesAsSentUpToTheCapWhateverTheDeclaredLength(
      int length, long declared, int kept, String truncated) {
    RawBody raw = RawBody.read(entity(length, declared), CAP, new AtomicBoolean());

    assertThat(raw.bytes()).hasSize(kept);
    assertThat(raw.bytes()).isEqualTo(Arrays.copyOf(bytes(length), kept));
    assertThat(raw.truncated()).isEqualTo(truncated);
    assertThat(raw.error()).isNull();
  }

  @ParameterizedTest(name = "{0} bytes, Content-Length {1}, cap 1 MiB")
  @CsvSource({
    // length, declared, bytes kept, truncated: declared lengths past the direct read bound are
    // read as they come, whatever was promised
    "10, 1048576, 10, ",
    "600000, 600000, 600000, ",
    "1048576, 1048576, 1048576, ",
    "1100000, 1048576, 1048576, length",
  })
  void aLargeDeclaredLengthIsReadAsTheBytesCome(
      int length, long declared, int kept, String truncated) {
    int cap = 1024 * 1024;
    assertThat(declared).as("past the direct read bound").isGreaterThan(RawBody.DIRECT_READ_MAX);
    RawBody raw = RawBody.read(entity(length, declared), cap, new AtomicBoolean());

    assertThat(raw.bytes()).isEqualTo(Arrays.copyOf(bytes(length), kept));
    assertThat(raw.truncated()).isEqualTo(truncated);
    assertThat(raw.error()).isNull();
  }

  private static byte[] bytes(int length) {
    byte[] body = new byte[length];
    for (int i = 0; i < length; i++) {
      body[i] = (byte) (i * 7);
    }
    return body;
  }
}
