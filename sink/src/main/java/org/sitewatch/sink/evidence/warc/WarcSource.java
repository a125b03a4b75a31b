package org.sitewatch.sink.evidence.warc;

import org.sitewatch.events.WarcRef;

/**
 * Where an evidence bundle gets the stored WARC records of a lead's pages. For each page carrying a
 * {@link WarcRef}, the bundle asks for the records and copies their exact stored bytes into {@code
 * warc/pages.warc.gz}; a page whose records are unavailable is named in the bundle with the reason,
 * never silently left out. {@link DirectoryWarcSource} reads the crawler's WARC store.
 */
@FunctionalInterface
public interface WarcSource {
  /** No WARC store: every captured page is reported as unavailable. */
  WarcSource NONE = ref -> WarcLookup.unavailable("no WARC store is configured for this export");

  /**
   * Locates and checks the stored records of one captured exchange. Problems with the store (a
   * missing file, an unreadable record, a digest that does not match) are returned as {@link
   * WarcLookup#unavailable(String)}, not thrown.
   */
  WarcLookup lookup(WarcRef ref);
}
