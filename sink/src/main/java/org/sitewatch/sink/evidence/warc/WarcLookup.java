package org.sitewatch.sink.evidence.warc;

import java.util.List;

/**
 * What a {@link WarcSource} found for one page's {@link org.sitewatch.events.WarcRef}: the stored
 * records to copy into the bundle, or why there are none.
 *
 * @param records the response record first, then the records concurrent to it in file order; empty
 *     exactly when {@code unavailable} is set
 * @param unavailable why the page's response record cannot be copied (missing file, unreadable
 *     record, digest mismatch…), or {@code null}
 * @param notes lesser problems met on the way (e.g. a concurrent record that could not be read and
 *     is not copied); each is stated in the bundle
 */
public record WarcLookup(List<WarcSlice> records, String unavailable, List<String> notes) {
  public WarcLookup {
    records = List.copyOf(records);
    notes = List.copyOf(notes);
    if (records.isEmpty() == (unavailable == null)) {
      throw new IllegalArgumentException("a lookup has records exactly when it is available");
    }
  }

  /** The page's records were found and checked. */
  public static WarcLookup found(List<WarcSlice> records, List<String> notes) {
    return new WarcLookup(records, null, notes);
  }

  /** The page's response record cannot be copied, for the reason given. */
  public static WarcLookup unavailable(String reason) {
    return new WarcLookup(List.of(), reason, List.of());
  }
}
