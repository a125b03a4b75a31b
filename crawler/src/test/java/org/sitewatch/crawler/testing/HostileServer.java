package org.sitewatch.crawler.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/**
 * A loopback HTTP/1.1 server that misbehaves on purpose, one behaviour per path: {@code /drip}
 * sends a byte every 200 ms (for at most 30 s), {@code /redirect/N} redirects to N+1 forever,
 * {@code /loop/a} and {@code /loop/b} redirect to each other, {@code /bomb} is 16 MB of zeros
 * gzip-compressed, {@code /wrong-charset} is a GBK page sent as UTF-8, {@code /big} is 10 MB of
 * HTML, {@code /binary} is an octet stream, {@code /stacked} is a page gzipped {@value
 * #STACKED_LAYERS} times with a {@code Content-Encoding} header listing every layer, {@code
 * /double} a page gzipped twice ({@code gzip, gzip}), {@code /gzipped} an ordinary page sent with
 * {@code Content-Encoding: gzip} ({@link #gzippedBody()}), {@code /gzipped-chunked} the same bytes
 * in chunks of {@value #CHUNK_BYTES} ({@code Transfer-Encoding: chunked}). One connection per
 * request.
 */
public final class HostileServer implements AutoCloseable {
  public static final String GBK_TEXT = "成人视频 VIP会员 在线观看";
  public static final int BIG_BYTES = 10 * 1024 * 1024;
  public static final int BOMB_DECODED_BYTES = 16 * 1024 * 1024;
  public static final int STACKED_LAYERS = 5_000;
  public static final String LAYERED_TEXT = "layered page text";
  public static final String GZIPPED_TEXT = "members only video listing";
  public static final int CHUNK_BYTES = 100;

  private final ServerSocket server;
  private final ExecutorService pool;
  private final byte[] bomb;
  private final byte[] stacked;
  private final byte[] doubled;
  private final byte[] gzipped;
  private volatile boolean closed;

  public HostileServer() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    AtomicInteger n = new AtomicInteger();
    pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "hostile-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(compressed)) {
      byte[] zeros = new byte[1024 * 1024];
      for (int i = 0; i < BOMB_DECODED_BYTES / zeros.length; i++) {
        gz.write(zeros);
      }
    }
    bomb = compressed.toByteArray();
    byte[] page =
        ("<html><body><p>" + LAYERED_TEXT + "</p></body></html>").getBytes(StandardCharsets.UTF_8);
    doubled = gzip(gzip(page));
    gzipped =
        gzip(
            ("<html><body>" + ("<p>" + GZIPPED_TEXT + "</p>\n").repeat(200) + "</body></html>")
                .getBytes(StandardCharsets.UTF_8));
    byte[] layers = page;
    for (int i = 0; i < STACKED_LAYERS; i++) {
      layers = gzip(layers);
    }
    stacked = layers;
    pool.submit(this::acceptLoop);
  }

  public int port() {
    return server.getLocalPort();
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }

  /** The body of {@code /gzipped} and {@code /gzipped-chunked} as sent: gzip-compressed HTML. */
  public byte[] gzippedBody() {
    return gzipped.clone();
  }

  public int stackedBytes() {
    return stacked.length;
  }

  public int bombBytes() {
    return bomb.length;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket socket = server.accept();
        pool.submit(() -> serve(socket));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setSoTimeout(10_000);
      String path = readRequestPath(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      if (path == null) {
        return;
      }
      if (path.equals("/drip")) {
        out.write(head(200, "text/html; charset=UTF-8", -1, null, null));
        out.flush();
        long end = System.nanoTime() + 30_000_000_000L;
        while (!closed && System.nanoTime() < end) {
          out.write('x');
          out.flush();
          Thread.sleep(200);
        }
      } else if (path.startsWith("/redirect/")) {
        int n = Integer.parseInt(path.substring("/redirect/".length()));
        out.write(head(302, "text/html", 0, "/redirect/" + (n + 1), null));
      } else if (path.equals("/loop/a") || path.equals("/loop/b")) {
        out.write(head(302, "text/html", 0, path.equals("/loop/a") ? "/loop/b" : "/loop/a", null));
      } else if (path.equals("/bomb")) {
        out.write(head(200, "text/html; charset=UTF-8", bomb.length, null, "gzip"));
        out.write(bomb);
      } else if (path.equals("/stacked")) {
        String codings = String.join(", ", java.util.Collections.nCopies(STACKED_LAYERS, "gzip"));
        out.write(head(200, "text/html; charset=UTF-8", stacked.length, null, codings));
        out.write(stacked);
      } else if (path.equals("/double")) {
        out.write(head(200, "text/html; charset=UTF-8", doubled.length, null, "gzip, gzip"));
        out.write(doubled);
      } else if (path.equals("/gzipped")) {
        out.write(head(200, "text/html; charset=UTF-8", gzipped.length, null, "gzip"));
        out.write(gzipped);
      } else if (path.equals("/gzipped-chunked")) {
        byte[] h = head(200, "text/html; charset=UTF-8", -1, null, "gzip");
        String head = new String(h, StandardCharsets.ISO_8859_1);
        out.write(
            head.replace(
                    "Connection: close\r\n", "Transfer-Encoding: chunked\r\nConnection: close\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        for (int at = 0; at < gzipped.length; at += CHUNK_BYTES) {
          int n = Math.min(CHUNK_BYTES, gzipped.length - at);
          out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
          out.write(gzipped, at, n);
          out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      } else if (path.equals("/wrong-charset")) {
        byte[] body =
            ("<html><head><meta charset=\"gbk\"><title>"
                    + GBK_TEXT
                    + "</title></head><body><p>"
                    + GBK_TEXT
                    + "</p></body></html>")
                .getBytes("GBK");
        out.write(head(200, "text/html; charset=UTF-8", body.length, null, null));
        out.write(body);
      } else if (path.equals("/big")) {
        out.write(head(200, "text/html; charset=UTF-8", BIG_BYTES, null, null));
        byte[] line = "<p>adult videos listing line</p>\n".getBytes(StandardCharsets.US_ASCII);
        int sent = 0;
        while (sent < BIG_BYTES) {
          int n = Math.min(line.length, BIG_BYTES - sent);
          out.write(line, 0, n);
          sent += n;
        }
      } else if (path.equals("/binary")) {
        byte[] body = new byte[4096];
        for (int i = 0; i < body.length; i++) {
          body[i] = (byte) (i * 31);
        }
        out.write(head(200, "application/octet-stream", body.length, null, null));
        out.write(body);
      } else {
        out.write(head(404, "text/plain", 0, null, null));
      }
      out.flush();
    } catch (IOException | RuntimeException e) {
      // the crawler hung up: expected for drip, bomb and big
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static byte[] head(
      int status, String type, long length, String location, String encoding) {
    StringBuilder h =
        new StringBuilder("HTTP/1.1 ")
            .append(status)
            .append(status == 200 ? " OK" : status == 302 ? " Found" : " Not Found")
            .append("\r\n");
    h.append("Content-Type: ").append(type).append("\r\n");
    if (length >= 0) {
      h.append("Content-Length: ").append(length).append("\r\n");
    }
    if (location != null) {
      h.append("Location: ").append(location).append("\r\n");
    }
    if (encoding != null) {
      h.append("Content-Encoding: ").append(encoding).append("\r\n");
    }
    h.append("Connection: close\r\n\r\n");
    return h.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String readRequestPath(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    String first = null;
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1).strip();
        if (first == null) {
          first = text;
        } else if (text.isEmpty()) {
          break;
        }
        line.reset();
      } else {
        line.write(c);
      }
    }
    if (first == null) {
      return null;
    }
    String[] parts = first.split(" ");
    return parts.length < 2 ? null : parts[1].toLowerCase(Locale.ROOT);
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    pool.shutdownNow();
  }
}
