package org.sitewatch.crawler.warc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.MessageVersion;
import org.netpreserve.jwarc.WarcCaptureRecord;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcMetadata;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcTruncationReason;
import org.netpreserve.jwarc.Warcinfo;
import org.sitewatch.common.warc.WarcDigests;
import org.sitewatch.common.warc.WarcRecordCheck;
import org.sitewatch.common.warc.WarcVerifier;
import org.sitewatch.events.WarcRef;

class WarcRoundTripTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-28T15:30:00.123456Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  static WarcExchange exchange(int i, int bodyBytes) {
    byte[] body = new byte[bodyBytes];
    for (int b = 0; b < body.length; b++) {
      body[b] = (byte) ('a' + (b * 7 + i) % 26);
    }
    String url = "http://site" + i + ".test/page?n=" + i;
    return new WarcExchange(
        URI.create(url),
        Instant.parse("2026-11-28T15:30:01.987654321Z"),
        "127.0.0." + (1 + i % 200),
        ("GET /page?n=" + i + " HTTP/1.1\r\nHost: site" + i + ".test\r\nUser-Agent: t\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1),
        ("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Length: "
                + bodyBytes
                + "\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1),
        body,
        i % 5 == 0 ? "length" : null,
        Map.of("hop", List.of("http://site" + i + ".test/", url), "depth", List.of("1")));
  }

  private WarcCaptureWriter writer(long cap) {
    return new WarcCaptureWriter(
        new DirectoryWarcStorage(dir),
        new WarcCaptureWriter.Options(
            "sitewatch",
            "w1",
            cap,
            Map.of(
                "software",
                List.of("Sitewatch crawler test"),
                "operator",
                List.of("analyst-7"),
                "configuration",
                List.of("crawler.max-body-bytes: 1024", "crawler.max-depth: 3"))),
        CLOCK);
  }

  @Test
  void everyRecordReadsBackWithMatchingDigestsAndLinks() throws Exception {
    List<WarcRef> refs = Collections.synchronizedList(new ArrayList<>());
    try (WarcCaptureWriter writer = writer(1L << 30)) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        int n = i;
        futures.add(pool.submit(() -> refs.add(writer.write(exchange(n, 300 + n * 50)))));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      pool.shutdown();
      assertThat(writer.files()).hasSize(1);
      assertThat(writer.bytesWritten()).isEqualTo(Files.size(dir.resolve(writer.files().get(0))));
    }
    assertThat(refs).hasSize(40);
    Path file = dir.resolve(refs.get(0).file());
    assertThat(file.getFileName().toString())
        .matches("sitewatch-20261128153000123-00001-w1\\.warc\\.gz");

    Map<String, WarcRef> refById = new HashMap<>();
    refs.forEach(r -> refById.put(r.recordId(), r));
    Map<String, String> concurrentTo = new HashMap<>();
    int responses = 0;
    int requests = 0;
    int metadata = 0;
    try (WarcReader reader = new WarcReader(file)) {
      WarcRecord first = reader.next().orElseThrow();
      assertThat(first).isInstanceOf(Warcinfo.class);
      String info = new String(first.body().stream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(info)
          .contains(
              "software: Sitewatch crawler test",
              "operator: analyst-7",
              "configuration: crawler.max-depth: 3",
              "format: WARC File Format 1.1");
      assertThat(((Warcinfo) first).filename()).contains(file.getFileName().toString());
      for (WarcRecord record : reader) {
        assertThat(record.version()).isEqualTo(MessageVersion.WARC_1_1);
        byte[] block = record.body().stream().readAllBytes();
        WarcDigest declared = record.blockDigest().orElseThrow();
        assertThat(declared.algorithm()).isEqualTo("sha256");
        assertThat(declared.bytes()).isEqualTo(WarcDigests.sha256(block).bytes());
        assertThat(record.headers().first("WARC-Date").orElseThrow())
            .isEqualTo("2026-11-28T15:30:01.987Z");
        if (record instanceof WarcResponse response) {
          responses++;
          WarcRef ref = refById.get("<" + response.id() + ">");
          assertThat(ref).as("a WarcRef for every response").isNotNull();
          assertThat(ref.offset()).isEqualTo(record.position());
          assertThat(ref.blockDigest()).isEqualTo(declared.toString());
          int start = WarcRecordCheck.httpHeadEnd(block);
          byte[] payload = Arrays.copyOfRange(block, start, block.length);
          assertThat(response.payloadDigest().orElseThrow().toString())
              .isEqualTo(ref.payloadDigest())
              .isEqualTo(WarcDigests.sha256(payload).toString());
          assertThat(response.ipAddress()).isPresent();
          assertThat(new String(block, StandardCharsets.ISO_8859_1))
              .startsWith("HTTP/1.1 200 OK\r\n");
        } else if (record instanceof WarcRequest || record instanceof WarcMetadata) {
          if (record instanceof WarcRequest) {
            requests++;
          } else {
            metadata++;
            assertThat(new String(block, StandardCharsets.UTF_8)).contains("hop: http://site");
          }
          List<URI> to = ((WarcCaptureRecord) record).concurrentTo();
          assertThat(to).hasSize(1);
          concurrentTo.put("<" + record.id() + ">", "<" + to.get(0) + ">");
          assertThat(refById).containsKey("<" + to.get(0) + ">");
          assertThat(((WarcCaptureRecord) record).targetURI())
              .isEqualTo(
                  ((WarcResponse) readAt(file, refById.get("<" + to.get(0) + ">"))).targetURI());
        }
      }
    }
    assertThat(responses).isEqualTo(40);
    assertThat(requests).isEqualTo(40);
    assertThat(metadata).isEqualTo(40);

    // every WarcRef's offset and length cover exactly its response's gzip member
    for (WarcRef ref : refs) {
      WarcRecord atOffset = readAt(file, ref);
      assertThat("<" + atOffset.id() + ">").isEqualTo(ref.recordId());
      assertThat(atOffset.truncated())
          .isIn(WarcTruncationReason.NOT_TRUNCATED, WarcTruncationReason.LENGTH);
      byte[] member =
          Arrays.copyOfRange(
              Files.readAllBytes(file), (int) ref.offset(), (int) (ref.offset() + ref.length()));
      try (WarcReader one = new WarcReader(new java.io.ByteArrayInputStream(member))) {
        assertThat("<" + one.next().orElseThrow().id() + ">").isEqualTo(ref.recordId());
        assertThat(one.next()).isEmpty();
      }
    }
    assertThat(new WarcVerifier().verify(List.of(file)).problems()).isEmpty();
  }

  @Test
  void rollsIntoSeveralFilesEachStartingWithWarcinfo() throws Exception {
    List<WarcRef> refs = new ArrayList<>();
    try (WarcCaptureWriter writer = writer(4096)) {
      for (int i = 0; i < 12; i++) {
        refs.add(writer.write(exchange(i, 2000)));
      }
      assertThat(writer.files()).hasSizeGreaterThan(2);
      for (String name : writer.files()) {
        Path file = dir.resolve(name);
        // a group is never split, so only a file holding a single group may exceed the cap
        try (WarcReader reader = new WarcReader(file)) {
          List<WarcRecord> records = new ArrayList<>();
          reader.forEach(records::add);
          assertThat(records.get(0)).isInstanceOf(Warcinfo.class);
          assertThat(records).hasSizeGreaterThanOrEqualTo(4);
          if (records.size() > 4) {
            assertThat(Files.size(file)).isLessThanOrEqualTo(4096);
          }
        }
      }
      assertThat(refs.stream().map(WarcRef::file).distinct().toList())
          .containsExactlyElementsOf(writer.files());
      List<Path> all = writer.files().stream().map(dir::resolve).toList();
      WarcVerifier.Report report = new WarcVerifier().verify(all);
      assertThat(report.problems()).isEmpty();
      assertThat(report.records()).isEqualTo(writer.files().size() + 12 * 3L);
    }
  }

  @Test
  void aFailedWriteThrowsAndTheNextWriteStartsANewFile() throws Exception {
    DiskFillingStorage storage = new DiskFillingStorage(new DirectoryWarcStorage(dir));
    try (WarcCaptureWriter writer =
        new WarcCaptureWriter(
            storage, new WarcCaptureWriter.Options("sitewatch", "w1", 1 << 20, Map.of()), CLOCK)) {
      WarcRef before = writer.write(exchange(1, 500));
      long bytesBefore = writer.bytesWritten();

      storage.full = true;
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> writer.write(exchange(2, 500)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("disk full");
      assertThat(writer.bytesWritten()).as("a failed group is not counted").isEqualTo(bytesBefore);

      storage.full = false;
      WarcRef after = writer.write(exchange(3, 500));

      assertThat(writer.files()).hasSize(2);
      assertThat(after.file()).isEqualTo(writer.files().get(1)).isNotEqualTo(before.file());
      Path second = dir.resolve(after.file());
      WarcRecord response = readAt(second, after);
      assertThat(response.headers().first("WARC-Record-ID")).hasValue(after.recordId());
      assertThat(((WarcResponse) response).target()).isEqualTo("http://site3.test/page?n=3");
      WarcVerifier.Report report = new WarcVerifier().verify(List.of(second));
      assertThat(report.problems()).isEmpty();
      assertThat(report.records()).as("warcinfo, response, request, metadata").isEqualTo(4);
      // the first file still serves the group written before the failure
      assertThat(readAt(dir.resolve(before.file()), before).headers().first("WARC-Record-ID"))
          .hasValue(before.recordId());
    }
  }

  /** Files whose appends, while {@code full}, write half the bytes and then fail. */
  private static final class DiskFillingStorage implements WarcStorage {
    private final WarcStorage files;
    volatile boolean full;

    DiskFillingStorage(WarcStorage files) {
      this.files = files;
    }

    @Override
    public java.io.OutputStream create(String name) throws IOException {
      java.io.OutputStream out = files.create(name);
      return new java.io.FilterOutputStream(out) {
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          if (full) {
            out.write(b, off, len / 2);
            throw new IOException("disk full");
          }
          out.write(b, off, len);
        }
      };
    }

    @Override
    public SeekableByteChannel open(String name) throws IOException {
      return files.open(name);
    }

    @Override
    public List<String> list() throws IOException {
      return files.list();
    }

    @Override
    public String location() {
      return files.location();
    }
  }

  static WarcRecord readAt(Path file, WarcRef ref) throws IOException {
    return readAt(file, ref.offset());
  }

  private static WarcRecord readAt(Path file, long offset) throws IOException {
    SeekableByteChannel channel = Files.newByteChannel(file);
    WarcRecord record = WarcVerifier.readAt(channel, offset);
    try (InputStream in = record.body().stream()) {
      in.readAllBytes();
    }
    return record;
  }
}
