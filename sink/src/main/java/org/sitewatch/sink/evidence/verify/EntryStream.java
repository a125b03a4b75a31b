package org.sitewatch.sink.evidence.verify;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;

/** An entry's content: no byte past its declared size, CRC and size checked at the end. */
final class EntryStream extends FilterInputStream {
  private final BundleZip.Entry entry;
  private final CRC32 crc = new CRC32();
  private long read;

  EntryStream(InputStream in, BundleZip.Entry entry) {
    super(in);
    this.entry = entry;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, (int) Math.min(len, entry.size() - read + 1));
    if (n < 0) {
      if (read != entry.size() || crc.getValue() != entry.crc()) {
        throw new BundleRefused(
            entry.name()
                + ": its content does not match the central directory's "
                + "size and CRC");
      }
      return -1;
    }
    read += n;
    if (read > entry.size()) {
      throw new BundleRefused(entry.name() + " holds more bytes than its declared " + entry.size());
    }
    crc.update(b, off, n);
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    throw new IOException("skipping is not supported");
  }
}
