package org.sitewatch.web.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.UUID;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.MessageVersion;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcWriter;
import org.sitewatch.events.WarcRef;

/**
 * Writes response records as the crawler stores them (gzip, one member per record, SHA-256 block
 * and payload digests) and returns the {@link WarcRef} the crawler would put on the page.
 */
public final class TestWarcs {
  private TestWarcs() {}

  /** Appends a 200 response with {@code contentType} and {@code body} to {@code file}. */
  public static WarcRef append(Path file, String url, String contentType, byte[] body, Instant at) {
    byte[] head =
        ("HTTP/1.1 200 OK\r\nContent-Type: "
                + contentType
                + "\r\nContent-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] block = new byte[head.length + body.length];
    System.arraycopy(head, 0, block, 0, head.length);
    System.arraycopy(body, 0, block, head.length, body.length);
    try (FileChannel ch =
            FileChannel.open(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        WarcWriter writer = new WarcWriter(ch, WarcCompression.GZIP)) {
      URI id = URI.create("urn:uuid:" + UUID.randomUUID());
      long offset = ch.size();
      WarcDigest blockDigest = sha256(block);
      WarcDigest payloadDigest = sha256(body);
      writer.write(
          new WarcResponse.Builder(url)
              .version(MessageVersion.WARC_1_1)
              .recordId(id)
              .date(at)
              .blockDigest(blockDigest)
              .addHeader("WARC-Payload-Digest", payloadDigest.toString())
              .body(MediaType.HTTP_RESPONSE, block)
              .build());
      return new WarcRef(
          file.getFileName().toString(),
          offset,
          ch.size() - offset,
          "<" + id + ">",
          blockDigest.toString(),
          payloadDigest.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #append(Path, String, String, byte[], Instant)} for a UTF-8 HTML page. */
  public static WarcRef appendHtml(Path file, String url, String html, Instant at) {
    return append(file, url, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), at);
  }

  private static WarcDigest sha256(byte[] bytes) {
    try {
      return new WarcDigest("sha256", MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
