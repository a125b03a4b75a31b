package org.sitewatch.sink.evidence.warc;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** At most {@code remaining} bytes of an underlying stream; never closes it. */
final class BoundedStream extends FilterInputStream {
  private long remaining;

  BoundedStream(InputStream in, long limit) {
    super(in);
    this.remaining = limit;
  }

  @Override
  public int read() throws IOException {
    if (remaining <= 0) {
      return -1;
    }
    int b = in.read();
    if (b >= 0) {
      remaining--;
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (remaining <= 0) {
      return -1;
    }
    int n = in.read(b, off, (int) Math.min(len, remaining));
    if (n > 0) {
      remaining -= n;
    }
    return n;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(remaining, in.available());
  }

  long skipNBytes0(int n) throws IOException {
    skipNBytes(n);
    return n;
  }

  @Override
  public void close() {
    // the channel belongs to the caller
  }
}
