package org.sitewatch.sink.evidence.verify;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.sitewatch.sink.evidence.bundle.BundleLayout;
import org.sitewatch.sink.evidence.bundle.Printable;

/**
 * A bundle's zip, read the way unzip and file managers read it (through the central directory,
 * {@link ZipFile}) and only if every other reader would see the same files: every byte of the file
 * belongs to exactly one entry, the central directory or its end record, in that order (nothing
 * prepended, nothing between entries, no comment or trailing bytes); each local header names the
 * same file with the same method, flags, CRC and sizes as the directory; no name appears twice (not
 * even in another letter case), none leaves the bundle ({@code ..}, absolute, backslashes, control
 * characters); no encryption, no Zip64. Sizes are checked against {@link BundleLimits} before any
 * byte is inflated, and each entry's stream stops at its declared size and checks its CRC.
 */
final class BundleZip implements Closeable {
  private static final int LOCAL = 0x04034b50;
  private static final int CENTRAL = 0x02014b50;
  private static final int END = 0x06054b50;
  private static final int DESCRIPTOR = 0x08074b50;
  private static final int END_LENGTH = 22;
  private static final int MAX_CENTRAL_BYTES = 1 << 20;
  private static final long RATIO_FLOOR = 1 << 20;
  private static final int ENCRYPTED = 1;
  private static final int HAS_DESCRIPTOR = 1 << 3;
  private static final int STRONG_ENCRYPTION = 1 << 6;
  private static final int MASKED_HEADERS = 1 << 13;

  /**
   * One file as the central directory describes it; {@code dataOffset}: where its stored bytes
   * start.
   */
  record Entry(
      String name,
      int method,
      int flags,
      long crc,
      long compressedSize,
      long size,
      long localOffset,
      long dataOffset) {
    boolean stored() {
      return method == ZipEntry.STORED;
    }
  }

  private final FileChannel channel;
  private final ZipFile zip;
  private final List<Entry> entries;

  private BundleZip(FileChannel channel, ZipFile zip, List<Entry> entries) {
    this.channel = channel;
    this.zip = zip;
    this.entries = List.copyOf(entries);
  }

  /**
   * Opens and checks a bundle's zip structure.
   *
   * @throws BundleRefused if the structure is ambiguous, hostile or over a limit
   * @throws IOException if the file cannot be read
   */
  static BundleZip open(Path file, BundleLimits limits) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
    try {
      List<Entry> entries = layout(ch, limits);
      ZipFile zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8);
      try {
        sameAsZipFile(zip, entries);
        return new BundleZip(ch, zip, entries);
      } catch (IOException | RuntimeException e) {
        zip.close();
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /** The entries in central directory order. */
  List<Entry> entries() {
    return entries;
  }

  /** The zip file itself, to read a stored entry's bytes in place ({@link Entry#dataOffset()}). */
  FileChannel channel() {
    return channel;
  }

  /**
   * The entry's content, through {@link ZipFile}; ends at its declared size (a longer stream is an
   * error) and checks its CRC at the end.
   */
  InputStream open(Entry e) throws IOException {
    ZipEntry z = zip.getEntry(e.name());
    if (z == null) {
      throw new BundleRefused(e.name() + " is in the central directory but ZipFile cannot find it");
    }
    return new EntryStream(zip.getInputStream(z), e);
  }

  @Override
  public void close() throws IOException {
    try {
      zip.close();
    } finally {
      channel.close();
    }
  }

  private static List<Entry> layout(FileChannel ch, BundleLimits limits) throws IOException {
    long size = ch.size();
    if (size < END_LENGTH) {
      throw new BundleRefused("not a zip (" + size + " bytes)");
    }
    ByteBuffer end = read(ch, size - END_LENGTH, END_LENGTH);
    if (end.getInt(0) != END) {
      throw new BundleRefused(
          hasEndRecord(ch, size)
              ? "bytes after the zip's end record (a comment or appended data): not read"
              : "not a zip (no end of central directory record)");
    }
    int count = u16(end, 10);
    long centralSize = u32(end, 12);
    long centralOffset = u32(end, 16);
    if (u16(end, 4) != 0 || u16(end, 6) != 0 || u16(end, 8) != count) {
      throw new BundleRefused("a multi-disk zip: not read");
    }
    if (count == 0xffff || centralSize == 0xffffffffL || centralOffset == 0xffffffffL) {
      throw new BundleRefused("a Zip64 archive: bundles never need it, not read");
    }
    if (count > limits.maxEntries()) {
      throw new BundleRefused(count + " entries, more than the limit of " + limits.maxEntries());
    }
    if (centralSize > MAX_CENTRAL_BYTES || centralOffset + centralSize != size - END_LENGTH) {
      throw new BundleRefused(
          "the central directory does not end where its end record starts "
              + "(data between them, or a forged directory)");
    }
    ByteBuffer cd = read(ch, centralOffset, (int) centralSize);
    List<Entry> entries = new ArrayList<>();
    List<byte[]> rawNames = new ArrayList<>();
    Set<String> folded = new HashSet<>();
    int p = 0;
    long total = 0;
    for (int i = 0; i < count; i++) {
      if (p + 46 > cd.limit() || cd.getInt(p) != CENTRAL) {
        throw new BundleRefused("central directory record " + (i + 1) + " is malformed");
      }
      int flags = u16(cd, p + 8);
      int method = u16(cd, p + 10);
      long crc = u32(cd, p + 16);
      long csize = u32(cd, p + 20);
      long usize = u32(cd, p + 24);
      int nameLength = u16(cd, p + 28);
      int skip = u16(cd, p + 30) + u16(cd, p + 32);
      long localOffset = u32(cd, p + 42);
      if (p + 46 + nameLength + skip > cd.limit()) {
        throw new BundleRefused("central directory record " + (i + 1) + " is truncated");
      }
      byte[] raw = new byte[nameLength];
      cd.get(p + 46, raw);
      String name = name(raw);
      p += 46 + nameLength + skip;
      if (!folded.add(name.toLowerCase(Locale.ROOT))) {
        throw new BundleRefused(
            name
                + " appears more than once in the zip (duplicate names: readers "
                + "disagree on which one they show)");
      }
      if ((flags & (ENCRYPTED | STRONG_ENCRYPTION | MASKED_HEADERS)) != 0) {
        throw new BundleRefused(name + " is encrypted: not read");
      }
      if (method != ZipEntry.STORED && method != ZipEntry.DEFLATED) {
        throw new BundleRefused(name + " uses compression method " + method + ": not read");
      }
      if (csize == 0xffffffffL || usize == 0xffffffffL || localOffset == 0xffffffffL) {
        throw new BundleRefused(name + " has Zip64 sizes: not read");
      }
      if (method == ZipEntry.STORED && csize != usize) {
        throw new BundleRefused(name + " is stored with " + csize + " bytes but declares " + usize);
      }
      long limit = BundleLayout.isWarc(name) ? limits.maxWarcBytes() : limits.maxFileBytes();
      if (usize > limit) {
        throw new BundleRefused(
            name + " declares " + usize + " bytes, more than the limit of " + limit);
      }
      if (method == ZipEntry.DEFLATED && usize > RATIO_FLOOR && usize > csize * limits.maxRatio()) {
        throw new BundleRefused(
            name
                + " inflates "
                + csize
                + " bytes to "
                + usize
                + ", a ratio above the limit of "
                + limits.maxRatio());
      }
      total += usize;
      if (total > limits.maxTotalBytes()) {
        throw new BundleRefused(
            "the files declare more than the limit of " + limits.maxTotalBytes() + " bytes in all");
      }
      rawNames.add(raw);
      entries.add(new Entry(name, method, flags, crc, csize, usize, localOffset, -1));
    }
    if (p != cd.limit()) {
      throw new BundleRefused("the central directory holds bytes after its " + count + " records");
    }
    return tile(ch, entries, rawNames, centralOffset);
  }

  /** Checks that the entries' local parts tile the file from byte 0 to the central directory. */
  private static List<Entry> tile(
      FileChannel ch, List<Entry> listed, List<byte[]> rawNames, long centralOffset)
      throws IOException {
    Integer[] order = new Integer[listed.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingLong(i -> listed.get(i).localOffset()));
    Entry[] done = new Entry[listed.size()];
    long expected = 0;
    String previous = null;
    for (int i : order) {
      Entry e = listed.get(i);
      int flags = e.flags();
      int method = e.method();
      if (e.localOffset() != expected) {
        throw new BundleRefused(
            e.localOffset() < expected
                ? e.name() + " overlaps " + previous + " (entries sharing bytes)"
                : (previous == null
                        ? (e.localOffset()) + " bytes before the first entry (prepended data)"
                        : (e.localOffset() - expected)
                            + " bytes between "
                            + previous
                            + " and "
                            + e.name())
                    + " that no central directory entry covers");
      }
      ByteBuffer h = read(ch, e.localOffset(), 30);
      if (h.limit() < 30 || h.getInt(0) != LOCAL) {
        throw new BundleRefused(e.name() + ": no local header where the central directory says");
      }
      byte[] raw = rawNames.get(i);
      int nameLength = u16(h, 26);
      ByteBuffer localName = read(ch, e.localOffset() + 30, nameLength);
      byte[] local = new byte[localName.limit()];
      localName.get(local);
      if (!Arrays.equals(local, raw)) {
        throw new BundleRefused(
            e.name()
                + ": the local header names another file ("
                + new String(local, StandardCharsets.UTF_8)
                + ")");
      }
      if (u16(h, 6) != flags || u16(h, 8) != method) {
        throw new BundleRefused(
            e.name() + ": the local header's flags or method differ from the central directory's");
      }
      boolean descriptor = (flags & HAS_DESCRIPTOR) != 0;
      long crc = u32(h, 14);
      long csize = u32(h, 18);
      long usize = u32(h, 22);
      if (!(descriptor && crc == 0 && csize == 0 && usize == 0)
          && (crc != e.crc() || csize != e.compressedSize() || usize != e.size())) {
        throw new BundleRefused(
            e.name() + ": the local header's CRC or sizes differ from the central directory's");
      }
      long data = e.localOffset() + 30 + nameLength + u16(h, 28);
      long next = data + e.compressedSize();
      if (descriptor) {
        ByteBuffer d = read(ch, next, 16);
        int at = d.limit() >= 4 && d.getInt(0) == DESCRIPTOR ? 4 : 0;
        if (d.limit() < at + 12
            || u32(d, at) != e.crc()
            || u32(d, at + 4) != e.compressedSize()
            || u32(d, at + 8) != e.size()) {
          throw new BundleRefused(
              e.name() + ": the data descriptor differs from the central directory");
        }
        next += at + 12;
      }
      if (next > centralOffset) {
        throw new BundleRefused(e.name() + " runs into the central directory");
      }
      done[i] =
          new Entry(
              e.name(),
              method,
              flags,
              e.crc(),
              e.compressedSize(),
              e.size(),
              e.localOffset(),
              data);
      expected = next;
      previous = e.name();
    }
    if (expected != centralOffset) {
      throw new BundleRefused(
          (centralOffset - expected)
              + " bytes between "
              + (previous == null ? "the start" : previous)
              + " and the central directory that no entry covers");
    }
    return List.of(done);
  }

  private static void sameAsZipFile(ZipFile zip, List<Entry> entries) throws BundleRefused {
    Enumeration<? extends ZipEntry> e = zip.entries();
    for (Entry mine : entries) {
      if (!e.hasMoreElements()) {
        throw new BundleRefused("ZipFile sees fewer entries than the central directory holds");
      }
      ZipEntry z = e.nextElement();
      if (!z.getName().equals(mine.name())
          || z.getMethod() != mine.method()
          || z.getCrc() != mine.crc()
          || z.getSize() != mine.size()
          || z.getCompressedSize() != mine.compressedSize()) {
        throw new BundleRefused(
            "ZipFile reads entry " + z.getName() + " differently from the central directory");
      }
    }
    if (e.hasMoreElements()) {
      throw new BundleRefused("ZipFile sees more entries than the central directory holds");
    }
  }

  /** A safe relative name: no traversal, no absolute path, no backslash, no control character. */
  private static String name(byte[] raw) throws BundleRefused {
    String name;
    try {
      name =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(raw))
              .toString();
    } catch (CharacterCodingException e) {
      throw new BundleRefused("an entry name is not UTF-8");
    }
    String shown = Printable.of(name);
    if (name.isEmpty() || name.length() > 255) {
      throw new BundleRefused("an entry name is empty or longer than 255 characters");
    }
    if (!shown.equals(name) || name.indexOf('\\') >= 0 || name.indexOf(':') >= 0) {
      throw new BundleRefused(
          "entry name " + shown + " holds control, bidi, backslash or colon characters");
    }
    if (name.startsWith("/")) {
      throw new BundleRefused("entry name " + name + " is absolute");
    }
    for (String segment : name.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new BundleRefused("entry name " + name + " leaves the bundle or names a folder");
      }
    }
    return name;
  }

  private static boolean hasEndRecord(FileChannel ch, long size) throws IOException {
    int window = (int) Math.min(size, 65_535 + END_LENGTH);
    ByteBuffer tail = read(ch, size - window, window);
    for (int i = tail.limit() - END_LENGTH; i >= 0; i--) {
      if (tail.getInt(i) == END) {
        return true;
      }
    }
    return false;
  }

  private static ByteBuffer read(FileChannel ch, long offset, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length);
    while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) > 0) {
      // keep reading
    }
    return buf.flip().order(ByteOrder.LITTLE_ENDIAN);
  }

  private static int u16(ByteBuffer b, int at) {
    return b.getShort(at) & 0xffff;
  }

  private static long u32(ByteBuffer b, int at) {
    return b.getInt(at) & 0xffffffffL;
  }
}
