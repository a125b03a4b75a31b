/**
 * Which addresses the crawler may connect to: {@link org.sitewatch.crawler.net.GuardedDnsResolver}
 * is the only way the HTTP client learns addresses, and applies {@link
 * org.sitewatch.crawler.net.AddressPolicy} to each.
 *
 * <p>Where to change what: what is refused, and what {@code allowPrivateAddresses} opens, in {@code
 * AddressPolicy}; which range is what (and cloud metadata services) in common's {@code
 * SpecialAddresses} and {@code CloudMetadata}, shared with the tip-off site; the resolution order
 * in {@code GuardedDnsResolver}. Sites and IP literals are common's ({@code
 * org.sitewatch.common.net}). Rules: {@code docs/security.md}.
 */
package org.sitewatch.crawler.net;
