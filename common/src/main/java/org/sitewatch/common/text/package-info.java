/**
 * Bytes of a page to text: {@link org.sitewatch.common.text.ContentTypes} (media type and charset
 * of a Content-Type header) and {@link org.sitewatch.common.text.CharsetSniffer} (byte-order mark,
 * header, {@code <meta>}, then a fallback the caller supplies). The crawler's statistical detection
 * (ICU) stays in the crawler and is passed in as that fallback; charset labels are mapped here, for
 * every stage. Operator files read under bounds: {@link org.sitewatch.common.text.BoundedLines}
 * (line by line) and {@link org.sitewatch.common.text.BoundedFiles} (whole, up to a byte bound).
 */
package org.sitewatch.common.text;
