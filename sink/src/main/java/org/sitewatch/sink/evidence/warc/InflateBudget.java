package org.sitewatch.sink.evidence.warc;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * How many bytes reading gzip members may inflate to in all: a WARC file stored in a bundle is read
 * in place, but each of its gzip members can still inflate about a thousand times. Spent while
 * inflating, so a bomb stops at the budget, not after it.
 */
public final class InflateBudget {
  /** For the crawler's own store at export: no limit. */
  static final InflateBudget UNLIMITED = new InflateBudget(Long.MAX_VALUE);

  private final long limit;
  private long left;

  public InflateBudget(long limit) {
    this.limit = limit;
    this.left = limit;
  }

  /** Thrown once the budget is spent; the rest of the WARC data is not checked. */
  public static final class Exceeded extends IOException {
    private static final long serialVersionUID = 1L;

    Exceeded(long limit) {
      super("WARC records inflate to more than the limit of " + limit + " bytes in all");
    }
  }

  void spend(long bytes) throws Exceeded {
    if (limit == Long.MAX_VALUE) {
      return;
    }
    left -= bytes;
    if (left < 0) {
      throw new Exceeded(limit);
    }
  }

  /** The inflated stream, spending as it is read. */
  InputStream counting(InputStream inflated) {
    if (limit == Long.MAX_VALUE) {
      return inflated;
    }
    return new FilterInputStream(inflated) {
      @Override
      public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
          spend(1);
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
          spend(n);
        }
        return n;
      }
    };
  }
}
