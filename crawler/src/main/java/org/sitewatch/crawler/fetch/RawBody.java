package org.sitewatch.crawler.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.core5.http.HttpEntity;

/**
 * The raw body of a response as read off the wire, at most {@code crawler.max-body-bytes}: the
 * bytes read, why reading stopped early ({@code length}, {@code time}, {@code disconnect}, or
 * {@code null} when the body was read whole) and the read error, if any.
 */
record RawBody(byte[] bytes, String truncated, IOException error) {

  static RawBody read(HttpEntity entity, int cap, AtomicBoolean timedOut) {
    if (entity == null) {
      return new RawBody(new byte[0], null, null);
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
}
