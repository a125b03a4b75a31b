package org.sitewatch.sink.evidence.verify;

/**
 * What {@link BundleVerifier} reads from a bundle at most. Every size is checked against the zip's
 * central directory before a byte is inflated, and again while reading (a stream that runs past its
 * declared size is refused); nothing is extracted to disk.
 *
 * @param maxEntries files in the zip
 * @param maxFileBytes uncompressed size of each file other than WARC files (these are parsed in
 *     memory)
 * @param maxWarcBytes size of each WARC file (read in place, never inflated by the zip)
 * @param maxTotalBytes uncompressed size of all files together
 * @param maxRatio uncompressed size over compressed size of a deflated file larger than 1 MiB
 * @param maxWarcInflatedBytes what the gzip members of all WARC records may inflate to, in all
 */
public record BundleLimits(
    int maxEntries,
    long maxFileBytes,
    long maxWarcBytes,
    long maxTotalBytes,
    int maxRatio,
    long maxWarcInflatedBytes) {
  /**
   * 64 files, 64 MiB per parsed file, 2 GiB per WARC file, 3 GiB in all, ratio 100, WARC records
   * inflating to 16 GiB in all.
   */
  public static final BundleLimits DEFAULTS =
      new BundleLimits(64, 64L << 20, 2L << 30, 3L << 30, 100, 16L << 30);

  public BundleLimits {
    if (maxEntries < 1
        || maxFileBytes < 1
        || maxWarcBytes < 1
        || maxTotalBytes < 1
        || maxRatio < 1
        || maxWarcInflatedBytes < 1) {
      throw new IllegalArgumentException("bundle limits must be positive");
    }
  }
}
