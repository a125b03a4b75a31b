package org.sitewatch.crawler.warc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.common.warc.WarcRecordCheck;
import org.sitewatch.common.warc.WarcVerifier;
import org.sitewatch.events.WarcRef;

class CapturedWarcVerificationTest {
  @TempDir Path dir;

  private Path write(List<WarcRef> refs) throws Exception {
    try (WarcCaptureWriter writer =
        new WarcCaptureWriter(
            new DirectoryWarcStorage(dir),
            new WarcCaptureWriter.Options("sitewatch", "w1", 1 << 20, Map.of()),
            Clock.fixed(Instant.parse("2026-11-28T15:30:00Z"), ZoneOffset.UTC))) {
      for (int i = 0; i < 3; i++) {
        refs.add(writer.write(WarcRoundTripTest.exchange(i, 500)));
      }
      return dir.resolve(writer.files().get(0));
    }
  }

  @Test
  void namesTheRecordWhoseBodyByteWasFlipped() throws Exception {
    List<WarcRef> refs = new ArrayList<>();
    Path file = write(refs);
    assertThat(new WarcVerifier().verify(List.of(file)).ok()).isTrue();

    // re-compress the middle response with one payload byte changed, so the gzip stays valid
    WarcRef target = refs.get(1);
    byte[] all = Files.readAllBytes(file);
    byte[] member =
        Arrays.copyOfRange(all, (int) target.offset(), (int) (target.offset() + target.length()));
    byte[] record = new GZIPInputStream(new ByteArrayInputStream(member)).readAllBytes();
    record[record.length - 10] ^= 0x01; // inside the body, before the closing CRLF CRLF
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(record);
    }
    ByteArrayOutputStream tampered = new ByteArrayOutputStream();
    tampered.write(all, 0, (int) target.offset());
    tampered.write(gz.toByteArray());
    tampered.write(
        all,
        (int) (target.offset() + target.length()),
        all.length - (int) (target.offset() + target.length()));
    Files.write(file, tampered.toByteArray());

    WarcVerifier.Report report = new WarcVerifier().verify(List.of(file));
    assertThat(report.ok()).isFalse();
    assertThat(report.records()).isEqualTo(1 + 3 * 3);
    assertThat(report.problems())
        .extracting(
            WarcVerifier.Problem::recordId,
            WarcVerifier.Problem::kind,
            WarcVerifier.Problem::offset,
            WarcVerifier.Problem::expected)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                target.recordId(),
                WarcRecordCheck.Kind.BLOCK_DIGEST,
                target.offset(),
                target.blockDigest()),
            org.assertj.core.groups.Tuple.tuple(
                target.recordId(),
                WarcRecordCheck.Kind.PAYLOAD_DIGEST,
                target.offset(),
                target.payloadDigest()));
  }

  @Test
  void reportsACorruptCompressedByteAsAProblem() throws Exception {
    List<WarcRef> refs = new ArrayList<>();
    Path file = write(refs);
    byte[] all = Files.readAllBytes(file);
    WarcRef target = refs.get(1);
    all[(int) target.offset()] ^= (byte) 0xff; // the gzip magic of the response member
    Files.write(file, all);
    WarcVerifier.Report report = new WarcVerifier().verify(List.of(file));
    assertThat(report.ok()).isFalse();
    assertThat(report.problems()).isNotEmpty();
    assertThat(report.problems().get(0).file()).isEqualTo(file.toString());
  }
}
