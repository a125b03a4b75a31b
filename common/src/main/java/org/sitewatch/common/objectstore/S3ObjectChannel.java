package org.sitewatch.common.objectstore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One stored object read like a file: positioned reads served by ranged GETs of fixed-size blocks,
 * the last few kept (at most {@code BLOCKS} x {@code BLOCK_BYTES} in memory), each pinned to the
 * ETag seen when the channel was opened, so a replaced object fails the read instead of mixing two
 * versions. Read-only; not thread-safe (one reader at a time, like a {@code FileChannel} position).
 */
public final class S3ObjectChannel implements SeekableByteChannel {
  static final int BLOCK_BYTES = 256 * 1024;
  static final int BLOCKS = 8;

  private final S3Store store;
  private final S3Address address;
  private final long size;
  private final String etag;
  private final Map<Long, byte[]> blocks =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
          return size() > BLOCKS;
        }
      };
  private long position;
  private boolean open = true;

  S3ObjectChannel(S3Store store, S3Address address, long size, String etag) {
    this.store = Objects.requireNonNull(store, "store");
    this.address = Objects.requireNonNull(address, "address");
    this.size = size;
    this.etag = etag == null || etag.isEmpty() ? null : etag;
  }

  /** The object read. */
  public S3Address address() {
    return address;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    if (!open) {
      throw new ClosedChannelException();
    }
    if (position >= size) {
      return -1;
    }
    int total = 0;
    while (dst.hasRemaining() && position < size) {
      long index = position / BLOCK_BYTES;
      byte[] block = block(index);
      int from = (int) (position - index * BLOCK_BYTES);
      int n = Math.min(dst.remaining(), block.length - from);
      dst.put(block, from, n);
      position += n;
      total += n;
    }
    return total;
  }

  private byte[] block(long index) throws IOException {
    byte[] block = blocks.get(index);
    if (block == null) {
      long start = index * BLOCK_BYTES;
      int length = (int) Math.min(BLOCK_BYTES, size - start);
      block = store.read(address, start, length, etag);
      blocks.put(index, block);
    }
    return block;
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public SeekableByteChannel position(long newPosition) throws IOException {
    if (!open) {
      throw new ClosedChannelException();
    }
    if (newPosition < 0) {
      throw new IllegalArgumentException("negative position");
    }
    position = newPosition;
    return this;
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public SeekableByteChannel truncate(long size) {
    throw new NonWritableChannelException();
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public void close() {
    open = false;
    blocks.clear();
  }
}
