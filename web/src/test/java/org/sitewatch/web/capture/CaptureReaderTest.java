package org.sitewatch.web.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.WarcRef;
import org.sitewatch.sink.evidence.warc.DirectoryWarcSource;
import org.sitewatch.web.testing.TestWarcs;

class CaptureReaderTest {
  static final Instant AT = Instant.parse("2026-11-28T15:30:00Z");
  static final String URL = "https://shop.test/vip";

  @TempDir Path store;

  CaptureReader reader() {
    return new CaptureReader(Optional.of(new DirectoryWarcSource(store)));
  }

  PageRef page(WarcRef ref) {
    return new PageRef(URL, 0.8, "ab".repeat(32), AT, null, ref);
  }

  Capture.Read read(String contentType, byte[] body) {
    WarcRef ref = TestWarcs.append(store.resolve("a.warc.gz"), URL, contentType, body, AT);
    Capture c = reader().read(page(ref));
    assertThat(c).isInstanceOf(Capture.Read.class);
    return (Capture.Read) c;
  }

  @Test
  void aGbkPageDeclaredInItsHeaderIsDecoded() {
    String html = "<html><head><title>会员专区</title></head><body>开通会员 观看全部</body></html>";
    Capture.Read r = read("text/html; charset=gbk", html.getBytes(Charset.forName("GBK")));
    assertThat(r.charset()).isEqualTo("GBK");
    assertThat(r.text()).contains("开通会员 观看全部");
    assertThat(r.html()).isTrue();
  }

  @Test
  void aBig5PageDeclaredOnlyInItsMetaIsDecoded() {
    String html =
        "<html><head><meta charset=\"big5\"><title>會員</title></head><body>開通會員 觀看全部</body></html>";
    Capture.Read r = read("text/html", html.getBytes(Charset.forName("Big5")));
    assertThat(r.charset()).isEqualTo("Big5-HKSCS");
    assertThat(r.text()).contains("開通會員 觀看全部");
  }

  @Test
  void aBodyLongerThanTheLimitIsCutThereAndSaysSo() {
    byte[] body = "a".repeat(CaptureReader.MAX_BODY_BYTES + 1000).getBytes(StandardCharsets.UTF_8);
    Capture.Read r = read("text/plain; charset=utf-8", body);
    assertThat(r.truncated()).isTrue();
    assertThat(r.text()).hasSize(CaptureReader.MAX_BODY_BYTES);
  }

  @Test
  void withoutAStoreOrAReferenceThePageIsUnavailableAndSaysWhy() {
    assertThat(new CaptureReader(Optional.empty()).read(page(null)))
        .isEqualTo(new Capture.Unavailable(Capture.Why.NO_STORE, ""));
    assertThat(reader().read(page(null)))
        .isEqualTo(new Capture.Unavailable(Capture.Why.NO_RECORD, ""));
  }

  @Test
  void aMissingFileOrAMalformedRecordIsAMessageNotAnException() throws Exception {
    WarcRef ref = TestWarcs.appendHtml(store.resolve("a.warc.gz"), URL, "<p>fine</p>", AT);
    WarcRef missing =
        new WarcRef(
            "gone.warc.gz",
            ref.offset(),
            ref.length(),
            ref.recordId(),
            ref.blockDigest(),
            ref.payloadDigest());
    assertThat(reader().read(page(missing)))
        .isInstanceOfSatisfying(
            Capture.Unavailable.class,
            u -> {
              assertThat(u.why()).isEqualTo(Capture.Why.UNREADABLE);
              assertThat(u.detail()).contains("gone.warc.gz");
            });
    Files.write(store.resolve("junk.warc.gz"), "not gzip at all".getBytes(StandardCharsets.UTF_8));
    WarcRef junk = new WarcRef("junk.warc.gz", 0, 15, ref.recordId(), ref.blockDigest(), "");
    assertThat(reader().read(page(junk))).isInstanceOf(Capture.Unavailable.class);
    WarcRef outside = new WarcRef("../etc/passwd", 0, 15, ref.recordId(), ref.blockDigest(), "");
    assertThat(reader().read(page(outside))).isInstanceOf(Capture.Unavailable.class);
  }
}
