package org.sitewatch.common.warc;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResource;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcWriter;

/** WARC records written with jwarc, digests computed here, for the tests of this package. */
final class TestRecords {
  static final Instant DATE = Instant.parse("2026-11-28T15:30:00Z");

  private TestRecords() {}

  static byte[] httpBlock(String head, String body) {
    return (head + body).getBytes(StandardCharsets.UTF_8);
  }

  static String okHead(String body) {
    return "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length
        + "\r\n\r\n";
  }

  static WarcResponse response(int i, String body) {
    String head = okHead(body);
    byte[] block = httpBlock(head, body);
    return new WarcResponse.Builder(URI.create("http://shop.test/p" + i))
        .date(DATE)
        .body(MediaType.HTTP_RESPONSE, block)
        .blockDigest(WarcDigests.sha256(block))
        .payloadDigest(WarcDigests.sha256(body.getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  static WarcResource resource(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return new WarcResource.Builder(URI.create("urn:test:resource"))
        .date(DATE)
        .body(MediaType.PLAIN_TEXT, bytes)
        .blockDigest(WarcDigests.sha256(bytes))
        .payloadDigest(WarcDigests.sha256(bytes))
        .build();
  }

  /** The records as one WARC file, each its own gzip member when {@code gzip}. */
  static byte[] file(boolean gzip, WarcRecord... records) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (WarcWriter writer =
        new WarcWriter(
            Channels.newChannel(out), gzip ? WarcCompression.GZIP : WarcCompression.NONE)) {
      for (WarcRecord r : records) {
        writer.write(r);
      }
    }
    return out.toByteArray();
  }

  /** The first record of an uncompressed serialisation, read back. */
  static WarcRecord reread(byte[] uncompressed) throws Exception {
    return new WarcReader(new java.io.ByteArrayInputStream(uncompressed)).next().orElseThrow();
  }
}
