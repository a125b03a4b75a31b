package org.sitewatch.common.warc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;

class WarcVerifierTest {
  @TempDir Path dir;

  /** Offsets of the gzip members of a file written by {@link TestRecords#file}, and its end. */
  private static long[] members(byte[] all, int count) throws Exception {
    long[] offsets = new long[count + 1];
    try (org.netpreserve.jwarc.WarcReader reader =
        new org.netpreserve.jwarc.WarcReader(new ByteArrayInputStream(all))) {
      for (int i = 0; i < count; i++) {
        offsets[i] = reader.next().orElseThrow().position();
      }
    }
    offsets[count] = all.length;
    return offsets;
  }

  @Test
  void anIntactFileVerifies() throws Exception {
    Path file = dir.resolve("a.warc.gz");
    Files.write(
        file,
        TestRecords.file(
            true,
            TestRecords.response(0, "zero"),
            TestRecords.response(1, "one"),
            TestRecords.resource("notes")));
    WarcVerifier.Report report = new WarcVerifier().verify(List.of(file));
    assertThat(report.ok()).isTrue();
    assertThat(report.records()).isEqualTo(3);
    assertThat(report.files()).isEqualTo(1);
    assertThat(report.bytes()).isEqualTo(Files.size(file));
  }

  // from crawler WarcVerifierTest
  @Test
  void namesTheRecordWhoseBodyByteWasFlipped() throws Exception {
    WarcResponse[] records = {
      TestRecords.response(0, "<p>zero</p>"),
      TestRecords.response(1, "<p>one body</p>"),
      TestRecords.response(2, "<p>two</p>")
    };
    byte[] all = TestRecords.file(true, records);
    long[] at = members(all, 3);
    // re-compress the middle response with one payload byte changed, so the gzip stays valid
    byte[] member = java.util.Arrays.copyOfRange(all, (int) at[1], (int) at[2]);
    byte[] record = new GZIPInputStream(new ByteArrayInputStream(member)).readAllBytes();
    record[record.length - 10] ^= 0x01; // inside the body, before the closing CRLF CRLF
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(record);
    }
    ByteArrayOutputStream tampered = new ByteArrayOutputStream();
    tampered.write(all, 0, (int) at[1]);
    tampered.write(gz.toByteArray());
    tampered.write(all, (int) at[2], all.length - (int) at[2]);
    Path file = dir.resolve("t.warc.gz");
    Files.write(file, tampered.toByteArray());

    WarcVerifier.Report report = new WarcVerifier().verify(List.of(file));
    assertThat(report.ok()).isFalse();
    assertThat(report.records()).isEqualTo(3);
    String id = "<" + records[1].id() + ">";
    assertThat(report.problems())
        .extracting(
            WarcVerifier.Problem::recordId,
            WarcVerifier.Problem::kind,
            WarcVerifier.Problem::offset,
            WarcVerifier.Problem::expected)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                id,
                WarcRecordCheck.Kind.BLOCK_DIGEST,
                at[1],
                records[1].blockDigest().orElseThrow().toString()),
            org.assertj.core.groups.Tuple.tuple(
                id,
                WarcRecordCheck.Kind.PAYLOAD_DIGEST,
                at[1],
                records[1].payloadDigest().orElseThrow().toString()));
  }

  // from crawler WarcVerifierTest
  @Test
  void reportsACorruptCompressedByteAsAProblem() throws Exception {
    WarcResponse[] records = {TestRecords.response(0, "zero"), TestRecords.response(1, "one")};
    byte[] all = TestRecords.file(true, records);
    long second = members(all, 2)[1];
    all[(int) second] ^= (byte) 0xff; // the gzip magic of the second member
    Path file = dir.resolve("c.warc.gz");
    Files.write(file, all);
    WarcVerifier.Report report = new WarcVerifier().verify(List.of(file));
    assertThat(report.ok()).isFalse();
    assertThat(report.problems()).isNotEmpty();
    assertThat(report.problems().get(0).file()).isEqualTo(file.toString());
    assertThat(report.problems().get(0).kind()).isEqualTo(WarcRecordCheck.Kind.UNREADABLE);
    assertThat(report.problems().get(0).offset()).isEqualTo(second);
  }

  @Test
  void aMissingFileIsUnreadable() {
    WarcVerifier.Report report = new WarcVerifier().verify(List.of(dir.resolve("none.warc.gz")));
    assertThat(report.problems())
        .singleElement()
        .extracting(WarcVerifier.Problem::offset, WarcVerifier.Problem::kind)
        .containsExactly(-1L, WarcRecordCheck.Kind.UNREADABLE);
  }

  @Test
  void aRecordWithoutBlockDigestIsNamedAndTheNextRecordIsStillChecked() throws Exception {
    byte[] block = TestRecords.httpBlock(TestRecords.okHead("bare"), "bare");
    WarcResponse bare =
        new WarcResponse.Builder(java.net.URI.create("http://shop.test/bare"))
            .date(TestRecords.DATE)
            .body(org.netpreserve.jwarc.MediaType.HTTP_RESPONSE, block)
            .build();
    WarcResponse[] records = {
      TestRecords.response(0, "zero"), bare, TestRecords.response(2, "two")
    };
    byte[] all = TestRecords.file(true, records);
    Path file = Files.write(dir.resolve("bare.warc.gz"), all);

    WarcVerifier.Report report = new WarcVerifier().verify(List.of(file));

    assertThat(report.ok()).isFalse();
    assertThat(report.records()).isEqualTo(3);
    assertThat(report.problems())
        .singleElement()
        .extracting(
            WarcVerifier.Problem::recordId,
            WarcVerifier.Problem::offset,
            WarcVerifier.Problem::kind)
        .containsExactly(
            "<" + bare.id() + ">", members(all, 3)[1], WarcRecordCheck.Kind.MISSING_DIGEST);
  }

  @Test
  void aDigestInAnUnknownAlgorithmIsAProblemNotAPass() throws Exception {
    byte[] block = TestRecords.httpBlock(TestRecords.okHead("odd"), "odd");
    org.netpreserve.jwarc.WarcDigest unknown =
        new org.netpreserve.jwarc.WarcDigest("md7", WarcDigests.sha256(block).bytes());
    WarcResponse odd =
        new WarcResponse.Builder(java.net.URI.create("http://shop.test/odd"))
            .date(TestRecords.DATE)
            .body(org.netpreserve.jwarc.MediaType.HTTP_RESPONSE, block)
            .blockDigest(unknown)
            .build();
    Path file = Files.write(dir.resolve("md7.warc.gz"), TestRecords.file(true, odd));

    WarcVerifier.Report report = new WarcVerifier().verify(List.of(file));

    assertThat(report.ok()).isFalse();
    assertThat(report.problems())
        .singleElement()
        .extracting(
            WarcVerifier.Problem::kind,
            WarcVerifier.Problem::expected,
            WarcVerifier.Problem::actual)
        .containsExactly(
            WarcRecordCheck.Kind.BLOCK_DIGEST, unknown.toString(), "unknown algorithm");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"true", "false"})
  void aFileTruncatedInsideItsSecondRecordIsUnreadableAfterTheFirst(boolean gzip) throws Exception {
    WarcResponse[] records = {
      TestRecords.response(0, "zero"), TestRecords.response(1, "<p>one body, cut short</p>")
    };
    byte[] all = TestRecords.file(gzip, records);
    long second = members(all, 2)[1];
    int cut = (int) (second + (all.length - second) / 2);
    Path file = Files.write(dir.resolve("cut.warc"), java.util.Arrays.copyOf(all, cut));

    WarcVerifier.Report report = new WarcVerifier().verify(List.of(file));

    assertThat(report.ok()).isFalse();
    assertThat(report.records()).isEqualTo(1);
    assertThat(report.bytes()).isEqualTo(cut);
    assertThat(report.problems())
        .singleElement()
        .extracting(
            WarcVerifier.Problem::file, WarcVerifier.Problem::offset, WarcVerifier.Problem::kind)
        .containsExactly(file.toString(), second, WarcRecordCheck.Kind.UNREADABLE);
  }

  @Test
  void anUnreadableFileIsReportedAndTheOtherFilesAreStillRead() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("folder.warc.gz"));
    Path good =
        Files.write(
            dir.resolve("good.warc.gz"), TestRecords.file(true, TestRecords.response(0, "zero")));

    WarcVerifier.Report report = new WarcVerifier().verify(List.of(folder, good));

    assertThat(report.ok()).isFalse();
    assertThat(report.files()).isEqualTo(2);
    assertThat(report.records()).isEqualTo(1);
    assertThat(report.problems())
        .singleElement()
        .extracting(
            WarcVerifier.Problem::file, WarcVerifier.Problem::recordId, WarcVerifier.Problem::kind)
        .containsExactly(folder.toString(), "", WarcRecordCheck.Kind.UNREADABLE);
  }

  @Test
  void readsTheRecordAtAnOffset() throws Exception {
    WarcResponse[] records = {TestRecords.response(0, "zero"), TestRecords.response(1, "one")};
    Path file = dir.resolve("r.warc.gz");
    byte[] all = TestRecords.file(true, records);
    Files.write(file, all);
    try (FileChannel ch = FileChannel.open(file)) {
      WarcRecord r = WarcVerifier.readAt(ch, members(all, 2)[1]);
      assertThat(r.id()).isEqualTo(records[1].id());
    }
  }
}
