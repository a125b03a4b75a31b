package org.sitewatch.sink.evidence.verify;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Writes zips byte by byte, including the ones no zip library would write: data outside the
 * entries, a central directory that points elsewhere than the local headers, duplicate names,
 * flags. Entries are stored (not compressed).
 */
final class RawZip {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final List<byte[]> central = new ArrayList<>();

  /** Where a local entry was written, to list it in the central directory. */
  record Local(String name, int offset, long crc, int size, int flags) {}

  /** Writes a local header and the stored bytes; returns where, for {@link #list}. */
  Local local(String name, byte[] data) {
    return local(name, data, 0);
  }

  Local local(String name, byte[] data, int flags) {
    CRC32 crc = new CRC32();
    crc.update(data);
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    Local l = new Local(name, out.size(), crc.getValue(), data.length, flags | 1 << 11);
    ByteBuffer h = le(30);
    h.putInt(0x04034b50)
        .putShort((short) 10)
        .putShort((short) l.flags())
        .putShort((short) 0)
        .putShort((short) 0)
        .putShort((short) 0x2821)
        .putInt((int) l.crc())
        .putInt(data.length)
        .putInt(data.length)
        .putShort((short) n.length)
        .putShort((short) 0);
    out.writeBytes(h.array());
    out.writeBytes(n);
    out.writeBytes(data);
    return l;
  }

  /** Any bytes at the current position. */
  RawZip raw(byte[] bytes) {
    out.writeBytes(bytes);
    return this;
  }

  /** Lists a local entry in the central directory (in call order). */
  RawZip list(Local l) {
    byte[] n = l.name().getBytes(StandardCharsets.UTF_8);
    ByteBuffer c = le(46);
    c.putInt(0x02014b50)
        .putShort((short) 20)
        .putShort((short) 10)
        .putShort((short) l.flags())
        .putShort((short) 0)
        .putShort((short) 0)
        .putShort((short) 0x2821)
        .putInt((int) l.crc())
        .putInt(l.size())
        .putInt(l.size())
        .putShort((short) n.length)
        .putShort((short) 0)
        .putShort((short) 0)
        .putShort((short) 0)
        .putShort((short) 0)
        .putInt(0)
        .putInt(l.offset());
    ByteArrayOutputStream record = new ByteArrayOutputStream();
    record.writeBytes(c.array());
    record.writeBytes(n);
    central.add(record.toByteArray());
    return this;
  }

  /** The central directory and its end record, then the whole file. */
  byte[] finish() {
    int offset = out.size();
    int size = 0;
    for (byte[] c : central) {
      out.writeBytes(c);
      size += c.length;
    }
    ByteBuffer e = le(22);
    e.putInt(0x06054b50)
        .putShort((short) 0)
        .putShort((short) 0)
        .putShort((short) central.size())
        .putShort((short) central.size())
        .putInt(size)
        .putInt(offset)
        .putShort((short) 0);
    out.writeBytes(e.array());
    return out.toByteArray();
  }

  private static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }
}
