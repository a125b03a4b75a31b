/**
 * The one way a stage runs a Kafka consumer: {@link org.sitewatch.common.kafka.ConsumerLoop} owns
 * the thread, the poll, the commit policy, backoff on failure, wakeup and close. A stage supplies
 * the consumer (its deserializers and group settings) and a batch handler. Kafka Streams
 * applications (the classifier topology) do not use it.
 */
package org.sitewatch.common.kafka;
