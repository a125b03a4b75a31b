/**
 * Events that travel between Sitewatch stages, the topics that carry them, and their JSON serdes.
 *
 * <p>This package is the only compile-time link between the crawler, the classifier and the sink.
 * Every event is an immutable record validated in its compact constructor, with defensive copies
 * of its collections and its own timestamp. Each carries a schema version {@code v}; evolution is
 * additive only: a new optional field may be added (old readers ignore it, new readers see
 * {@code null} or an empty collection from old writers), a field is never repurposed or removed.
 * The wire format is JSON (see {@link org.sitewatch.events.Json}) so that operators can read
 * topics with ordinary tools; {@code docs/topics.md} documents keys, schemas and retention.
 */
package org.sitewatch.events;
