package org.sitewatch.common.warc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;

class WarcRecordCheckTest {
  private static final String BODY = "<html><body>VIP会员</body></html>";

  @Test
  void anIntactResponseHasNoProblemAndMatchesItsOwnDigests() throws Exception {
    WarcResponse written = TestRecords.response(1, BODY);
    WarcRecord record = TestRecords.reread(TestRecords.file(false, written));
    WarcRecordCheck.Result r = WarcRecordCheck.check(record);
    assertThat(r.problems()).isEmpty();
    assertThat(r.ok()).isTrue();
    assertThat(r.type()).isEqualTo("response");
    assertThat(r.id()).isEqualTo("<" + written.id() + ">");
    assertThat(r.payload())
        .isEqualTo(WarcDigests.sha256(BODY.getBytes(StandardCharsets.UTF_8)).prefixedBase32());
    assertThat(r.blockMatches(written.blockDigest().orElseThrow().toString())).isTrue();
    assertThat(r.payloadMatches(written.payloadDigest().orElseThrow().prefixedBase32())).isTrue();
    assertThat(r.payloadMatches("sha256:AAAA")).isFalse();
    assertThat(r.blockMatches("")).isFalse();
  }

  @Test
  void aFlippedBodyByteBreaksBlockAndPayloadDigest() throws Exception {
    byte[] bytes = TestRecords.file(false, TestRecords.response(1, BODY));
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("VIP");
    bytes[at] ^= 0x01;
    WarcRecordCheck.Result r = WarcRecordCheck.check(TestRecords.reread(bytes));
    assertThat(r.problems())
        .extracting(WarcRecordCheck.Problem::kind)
        .containsExactly(WarcRecordCheck.Kind.BLOCK_DIGEST, WarcRecordCheck.Kind.PAYLOAD_DIGEST);
    assertThat(r.problems().get(0).message())
        .startsWith("block digest does not match: header says sha256:")
        .contains(", content gives sha256:");
    assertThat(r.problems().get(0).expected()).isNotEqualTo(r.problems().get(0).actual());
  }

  @Test
  void aChangedHttpHeaderBreaksOnlyTheBlockDigest() throws Exception {
    byte[] bytes = TestRecords.file(false, TestRecords.response(1, BODY));
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    bytes[text.indexOf("200 OK") + 4] = 'K';
    WarcRecordCheck.Result r = WarcRecordCheck.check(TestRecords.reread(bytes));
    assertThat(r.problems())
        .extracting(WarcRecordCheck.Problem::kind)
        .containsExactly(WarcRecordCheck.Kind.BLOCK_DIGEST);
  }

  @Test
  void aRecordWithoutBlockDigestIsAProblem() throws Exception {
    byte[] block = TestRecords.httpBlock(TestRecords.okHead(BODY), BODY);
    WarcResponse bare =
        new WarcResponse.Builder(URI.create("http://shop.test/"))
            .date(TestRecords.DATE)
            .body(MediaType.HTTP_RESPONSE, block)
            .build();
    WarcRecordCheck.Result r =
        WarcRecordCheck.check(TestRecords.reread(TestRecords.file(false, bare)));
    assertThat(r.problems())
        .extracting(WarcRecordCheck.Problem::kind, WarcRecordCheck.Problem::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                WarcRecordCheck.Kind.MISSING_DIGEST, "has no WARC-Block-Digest"));
  }

  @Test
  void anUnreadableDigestHeaderIsAProblem() throws Exception {
    byte[] block = TestRecords.httpBlock(TestRecords.okHead(BODY), BODY);
    WarcResponse odd =
        new WarcResponse.Builder(URI.create("http://shop.test/"))
            .date(TestRecords.DATE)
            .body(MediaType.HTTP_RESPONSE, block)
            .blockDigest(WarcDigests.sha256(block))
            .addHeader("WARC-Payload-Digest", "sha256:!!!")
            .build();
    WarcRecordCheck.Result r =
        WarcRecordCheck.check(TestRecords.reread(TestRecords.file(false, odd)));
    assertThat(r.problems())
        .extracting(WarcRecordCheck.Problem::message)
        .containsExactly("WARC-Payload-Digest is unreadable: sha256:!!!");
  }

  @ParameterizedTest
  @CsvSource({"lower-case, false", "lower-case, true", "upper-case, true"})
  void base32DigestsAreComparedByTheirBytesNotTheirSpelling(String letters, boolean padded)
      throws Exception {
    byte[] block = TestRecords.httpBlock(TestRecords.okHead(BODY), BODY);
    String blockDigest = spelled(WarcDigests.sha256(block), letters, padded);
    String payloadDigest =
        spelled(WarcDigests.sha256(BODY.getBytes(StandardCharsets.UTF_8)), letters, padded);
    WarcResponse other =
        new WarcResponse.Builder(URI.create("http://shop.test/"))
            .date(TestRecords.DATE)
            .body(MediaType.HTTP_RESPONSE, block)
            .addHeader("WARC-Block-Digest", blockDigest)
            .addHeader("WARC-Payload-Digest", payloadDigest)
            .build();
    WarcRecordCheck.Result r =
        WarcRecordCheck.check(TestRecords.reread(TestRecords.file(false, other)));
    assertThat(r.problems()).isEmpty();
    assertThat(r.blockMatches(blockDigest)).isTrue();
    assertThat(r.payloadMatches(payloadDigest)).isTrue();
    assertThat(r.payloadMatches(blockDigest)).isFalse();
  }

  /** {@code sha256:} and the base-32 value in the given case, with or without {@code =} padding. */
  private static String spelled(WarcDigest digest, String letters, boolean padded) {
    String value = digest.base32().replace("=", "");
    if (padded) {
      value += "=".repeat((8 - value.length() % 8) % 8);
    }
    return "sha256:"
        + (letters.equals("lower-case") ? value.toLowerCase(java.util.Locale.ROOT) : value);
  }

  @Test
  void thePayloadOfANonHttpRecordIsItsWholeBlock() throws Exception {
    WarcRecordCheck.Result r =
        WarcRecordCheck.check(
            TestRecords.reread(TestRecords.file(false, TestRecords.resource("notes"))));
    assertThat(r.problems()).isEmpty();
    assertThat(r.payload()).isEqualTo(r.block());
  }

  @Test
  void anotherDeclaredAlgorithmIsCheckedToo() throws Exception {
    byte[] block = TestRecords.httpBlock(TestRecords.okHead(BODY), BODY);
    java.security.MessageDigest sha1 = java.security.MessageDigest.getInstance("SHA-1");
    WarcResponse r1 =
        new WarcResponse.Builder(URI.create("http://shop.test/"))
            .date(TestRecords.DATE)
            .body(MediaType.HTTP_RESPONSE, block)
            .blockDigest(
                new WarcDigest(
                    sha1.digest(block) == null ? null : "sha1",
                    java.security.MessageDigest.getInstance("SHA-1").digest(block)))
            .build();
    WarcRecordCheck.Result r =
        WarcRecordCheck.check(TestRecords.reread(TestRecords.file(false, r1)));
    assertThat(r.problems()).isEmpty();
    assertThat(r.blockDigests()).containsKeys("sha256", "sha1");
  }

  @ParameterizedTest
  @CsvSource({
    "'HTTP/1.1 200 OK\r\n\r\nbody',  19",
    "'HTTP/1.1 200 OK\n\nbody',      17",
    "'HTTP/1.1 200 OK\r\nA: b\r\n',  -1",
    "'',                            -1",
  })
  void findsTheEndOfTheHttpHead(String block, int end) {
    assertThat(WarcRecordCheck.httpHeadEnd(block.getBytes(StandardCharsets.ISO_8859_1)))
        .isEqualTo(end);
  }
}
