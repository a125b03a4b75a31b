/**
 * Which addresses the crawler may connect to: {@link org.sitewatch.crawler.net.GuardedDnsResolver}
 * is the only way the HTTP client learns addresses, and applies {@link
 * org.sitewatch.crawler.net.AddressPolicy} to each.
 *
 * <p>Where to change what: refused ranges in {@code AddressPolicy}; cloud metadata services in
 * {@code CloudMetadata}; the resolution order in {@code GuardedDnsResolver}. Sites and IP literals
 * are common's ({@code org.sitewatch.common.net}). Rules: {@code docs/security.md}.
 */
package org.sitewatch.crawler.net;
