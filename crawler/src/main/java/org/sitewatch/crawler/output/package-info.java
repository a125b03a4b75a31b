/**
 * What the crawler writes: a crawl sends to an {@link org.sitewatch.crawler.output.Emitter}; the
 * worker holds an {@link org.sitewatch.crawler.output.Output} (flush, pending) in front of Kafka.
 *
 * <p>Where to change what: producer settings in {@code KafkaEmitter}; size bounds of every record
 * in {@code Bounded} and {@code BoundedOutput}; meters of what is written in {@code MeteredOutput}.
 */
package org.sitewatch.crawler.output;
