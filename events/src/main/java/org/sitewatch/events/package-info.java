/**
 * The wire contract between stages: event records ({@link org.sitewatch.events.CrawlRequest},
 * {@link org.sitewatch.events.FetchedPage}, {@link org.sitewatch.events.SiteVerdict}, {@link
 * org.sitewatch.events.Outcome} with its typed {@link org.sitewatch.events.CrawlResult} and {@link
 * org.sitewatch.events.SeedResult}), topic names ({@link org.sitewatch.events.Topics}) and the one
 * JSON configuration ({@link org.sitewatch.events.Json}, {@link org.sitewatch.events.JsonSerde}).
 *
 * <p>Where to change what: a new fact between stages is a new optional field (or a new record)
 * here, with its version note in {@code docs/topics.md} and a case in {@code
 * EventCompatibilityTest}; never a string entry in a details map parsed on the other side. Logic
 * the stages must agree on (the site of a host, digests, provinces) is not here but in the {@code
 * common} module ({@code docs/shared-concepts.md}). Records validate in their compact constructors
 * and copy their collections; evolution is additive only (old readers ignore new fields, new
 * readers see {@code null} or empty from old writers), a field is never repurposed or removed.
 */
package org.sitewatch.events;
