package org.sitewatch.infra.cli.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.crawler.warc.DirectoryWarcStorage;
import org.sitewatch.crawler.warc.WarcCaptureWriter;
import org.sitewatch.crawler.warc.WarcExchange;
import org.sitewatch.events.WarcRef;
import org.sitewatch.infra.cli.SitewatchCommand;

class WarcCommandTest {
  @TempDir Path dir;

  private Path writeOne() throws Exception {
    try (WarcCaptureWriter writer =
        new WarcCaptureWriter(
            new DirectoryWarcStorage(dir),
            new WarcCaptureWriter.Options("sitewatch", "cli", 1 << 20, Map.of()),
            Clock.fixed(Instant.parse("2026-11-28T15:30:00Z"), ZoneOffset.UTC))) {
      WarcRef ref =
          writer.write(
              new WarcExchange(
                  URI.create("http://a.test/"),
                  Instant.parse("2026-11-28T15:30:01Z"),
                  "127.0.0.1",
                  "GET / HTTP/1.1\r\nHost: a.test\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
                  "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
                      .getBytes(StandardCharsets.ISO_8859_1),
                  "<p>adult videos</p>".getBytes(StandardCharsets.UTF_8),
                  null,
                  Map.of("depth", List.of("0"))));
      return dir.resolve(ref.file());
    }
  }

  private record Run(int code, String out) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    int code =
        SitewatchCommand.execute(
            args, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
    return new Run(code, out.toString());
  }

  @Test
  void exitsZeroAndSummarisesAnIntactFile() throws Exception {
    Path file = writeOne();
    Run r = run("warc", "verify", file.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("OK: 1 file(s), 4 record(s)");
    Run json = run("warc", "verify", "--json", file.toString());
    assertThat(json.code()).isZero();
    assertThat(json.out()).contains("\"ok\":true", "\"records\":4");
  }

  @Test
  void exitsOneAndNamesTheFileOfACorruptRecord() throws Exception {
    Path file = writeOne();
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 1] ^= 0x55; // inside the last record's gzip trailer
    bytes[bytes.length / 2] ^= 0x55;
    Files.write(file, bytes);
    Run r = run("warc", "verify", file.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains(file.toString()).contains("FAILED");
  }
}
