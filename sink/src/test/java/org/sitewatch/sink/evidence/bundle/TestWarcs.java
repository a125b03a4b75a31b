package org.sitewatch.sink.evidence.bundle;

import java.io.IOException;
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
import org.netpreserve.jwarc.WarcMetadata;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcWriter;
import org.sitewatch.events.WarcRef;

/**
 * Writes WARC/1.1 files as the crawler stores them: gzip, one member per record, each exchange a
 * request, a response and a metadata record, the request and metadata concurrent to the response,
 * SHA-256 block and payload digests computed here (jwarc's writer computes none).
 */
final class TestWarcs {
  private TestWarcs() {}

  /** An exchange written; {@code ref} is what the crawler would put on the fetched page. */
  record Exchange(WarcRef ref, String requestId, String metadataId) {}

  /** Appends one exchange to {@code file} (created if absent) and returns where it went. */
  static Exchange append(Path file, String url, String html, Instant at) throws IOException {
    try (FileChannel ch =
            FileChannel.open(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        WarcWriter writer = new WarcWriter(ch, WarcCompression.GZIP)) {
      URI responseId = URI.create("urn:uuid:" + UUID.randomUUID());
      byte[] body = html.getBytes(StandardCharsets.UTF_8);
      byte[] head =
          ("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII);
      byte[] block = concat(head, body);
      byte[] requestBlock =
          ("GET "
                  + URI.create(url).getRawPath()
                  + " HTTP/1.1\r\nHost: "
                  + URI.create(url).getHost()
                  + "\r\nUser-Agent: sitewatch-test\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII);

      WarcRequest request =
          new WarcRequest.Builder(url)
              .version(MessageVersion.WARC_1_1)
              .date(at)
              .concurrentTo(responseId)
              .blockDigest(sha256(requestBlock))
              .addHeader("WARC-Payload-Digest", sha256(new byte[0]).toString())
              .body(MediaType.HTTP_REQUEST, requestBlock)
              .build();
      writer.write(request);
      long offset = ch.size();
      WarcDigest blockDigest = sha256(block);
      WarcDigest payloadDigest = sha256(body);
      WarcResponse response =
          new WarcResponse.Builder(url)
              .version(MessageVersion.WARC_1_1)
              .recordId(responseId)
              .date(at)
              .blockDigest(blockDigest)
              .addHeader("WARC-Payload-Digest", payloadDigest.toString())
              .addHeader("WARC-IP-Address", "127.0.0.1")
              .body(MediaType.HTTP_RESPONSE, block)
              .build();
      writer.write(response);
      long length = ch.size() - offset;
      byte[] meta = ("hop-path: L\r\nnote: test capture\r\n").getBytes(StandardCharsets.UTF_8);
      WarcMetadata metadata =
          new WarcMetadata.Builder()
              .targetURI(url)
              .version(MessageVersion.WARC_1_1)
              .date(at)
              .concurrentTo(responseId)
              .blockDigest(sha256(meta))
              .body(MediaType.parse("application/warc-fields"), meta)
              .build();
      writer.write(metadata);
      return new Exchange(
          new WarcRef(
              file.getFileName().toString(),
              offset,
              length,
              "<" + responseId + ">",
              blockDigest.toString(),
              payloadDigest.toString()),
          "<" + request.id() + ">",
          "<" + metadata.id() + ">");
    }
  }

  static WarcDigest sha256(byte[] bytes) {
    try {
      return new WarcDigest("sha256", MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
