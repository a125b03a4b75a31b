package org.sitewatch.crawler.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.core5.http.HttpEntity;

/**
 * The raw body of a response as read off the wire, at most {@code crawler.max-body-bytes}: the
 * bytes read, why reading stopped early ({@code length}, {@code time}, {@code disconnect}, or
 * {@code null} when the body was read whole) and the read error, if any.
 */
record RawBody(byte[] bytes, String truncated, IOException error) {

  /**
   * The largest declared length read into an array of that size before any byte arrives: the length
   * is the server's word, and a server declaring the cap (up to 64 MiB) and sending nothing would
   * hold that much memory for the whole fetch deadline. Longer bodies grow as they come.
   */
  static final int DIRECT_READ_MAX = 512 * 1024;

  static RawBody read(HttpEntity entity, int cap, AtomicBoolean timedOut) {
    if (entity == null) {
      return new RawBody(new byte[0], null, null);
    }
    long declared = entity.getContentLength();
    if (declared >= 0 && declared <= cap && declared <= DIRECT_READ_MAX) {
      return readDeclared(entity, (int) declared, cap, timedOut);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(cap, 64 * 1024));
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = entity.getContent()) {
      while (out.size() < cap) {
        int n = in.read(buffer, 0, Math.min(buffer.length, cap - out.size()));
        if (n < 0) {
          return new RawBody(out.toByteArray(), null, null);
        }
        out.write(buffer, 0, n);
      }
      return in.read() < 0
          ? new RawBody(out.toByteArray(), null, null)
          : new RawBody(out.toByteArray(), "length", null);
    } catch (IOException e) {
      return new RawBody(out.toByteArray(), timedOut.get() ? "time" : "disconnect", e);
    }
  }

  /**
   * The usual case, a body with a Content-Length within the cap: read straight into an array of
   * that size (no growing buffer, no copy: a 30 KB page allocated ~130 KB the general way). A
   * server that sends more than it declared is read on, up to the cap, as in the general case.
   */
  private static RawBody readDeclared(
      HttpEntity entity, int declared, int cap, AtomicBoolean timedOut) {
    byte[] bytes = new byte[declared];
    int n = 0;
    try (InputStream in = entity.getContent()) {
      while (n < declared) {
        int r = in.read(bytes, n, declared - n);
        if (r < 0) {
          return new RawBody(Arrays.copyOf(bytes, n), null, null);
        }
        n += r;
      }
      int next = in.read();
      if (next < 0) {
        return new RawBody(bytes, null, null);
      }
      if (declared == cap) {
        return new RawBody(bytes, "length", null);
      }
      // more than declared (the client normally stops at Content-Length): keep reading to the cap
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(cap, declared + 16 * 1024));
      out.write(bytes, 0, n);
      out.write(next);
      byte[] buffer = new byte[16 * 1024];
      while (out.size() < cap) {
        int r = in.read(buffer, 0, Math.min(buffer.length, cap - out.size()));
        if (r < 0) {
          return new RawBody(out.toByteArray(), null, null);
        }
        out.write(buffer, 0, r);
      }
      return in.read() < 0
          ? new RawBody(out.toByteArray(), null, null)
          : new RawBody(out.toByteArray(), "length", null);
    } catch (IOException e) {
      return new RawBody(Arrays.copyOf(bytes, n), timedOut.get() ? "time" : "disconnect", e);
    }
  }
}
