/**
 * Fetching and reading responses: {@link org.sitewatch.crawler.fetch.CapturingPageFetcher}
 * (crawler4j's fetcher with an HTTP client that keeps every exchange as evidence) and {@link
 * org.sitewatch.crawler.fetch.SinglePageFetcher} (one page outside a crawl, for {@code classify}).
 *
 * <p>Where to change what: the capped body read in {@code RawBody}; content codings in {@code
 * ContentDecoding}; charset decoding in {@code BodyDecoder} (ICU detection on top of common's
 * {@code CharsetSniffer}); links in {@code Links} and {@code PageParser}; the WARC records of an
 * exchange in {@code WarcExchanges}; redirect hops in {@code HopTracker}.
 */
package org.sitewatch.crawler.fetch;
