package org.sitewatch.infra.cli.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

  @Test
  void jsonOnFailureExitsOneAndNamesEachProblemWithItsFields() throws Exception {
    Path gz = writeOne();
    byte[] warc;
    try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(gz))) {
      warc = in.readAllBytes(); // every member, as one uncompressed WARC
    }
    String text = new String(warc, StandardCharsets.ISO_8859_1);
    int body = text.indexOf("adult videos");
    warc[body] ^= 0x01;
    Path file = Files.write(dir.resolve("plain.warc"), warc);
    Path missing = dir.resolve("missing.warc.gz");

    Run r = run("warc", "verify", "--json", file.toString(), missing.toString());

    assertThat(r.code()).isEqualTo(1);
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.path("ok").isBoolean()).isTrue();
    assertThat(json.path("ok").booleanValue()).isFalse();
    assertThat(json.path("files").intValue()).isEqualTo(2);
    assertThat(json.path("records").intValue()).isEqualTo(4);
    assertThat(json.path("bytes").longValue()).isEqualTo(warc.length);
    JsonNode problems = json.path("problems");
    assertThat(problems.size()).isEqualTo(3);
    for (int i = 0; i < 2; i++) {
      JsonNode p = problems.get(i);
      assertThat(p.path("file").textValue()).isEqualTo(file.toString());
      assertThat(p.path("offset").longValue()).isPositive().isLessThan(body);
      assertThat(p.path("recordId").textValue()).startsWith("<urn:uuid:").endsWith(">");
      assertThat(p.path("expected").textValue()).startsWith("sha256:");
      assertThat(p.path("actual").textValue())
          .startsWith("sha256:")
          .isNotEqualTo(p.path("expected").textValue());
    }
    assertThat(problems.get(0).path("recordId")).isEqualTo(problems.get(1).path("recordId"));
    assertThat(
            List.of(problems.get(0).path("kind").asText(), problems.get(1).path("kind").asText()))
        .containsExactly("BLOCK_DIGEST", "PAYLOAD_DIGEST");
    JsonNode unreadable = problems.get(2);
    assertThat(unreadable.path("file").textValue()).isEqualTo(missing.toString());
    assertThat(unreadable.path("offset").longValue()).isEqualTo(-1);
    assertThat(unreadable.path("recordId").textValue()).isEmpty();
    assertThat(unreadable.path("kind").asText()).isEqualTo("UNREADABLE");
    assertThat(unreadable.path("expected").textValue()).isEmpty();
    assertThat(unreadable.path("actual").textValue()).contains("NoSuchFileException");
  }
}
