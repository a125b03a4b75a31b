/**
 * Kafka plumbing of the command line: {@link org.sitewatch.infra.kafka.KafkaClients} turns the
 * {@code kafka.*} configuration into client properties (with the {@code kafka.client.*} security
 * settings; docs/security.md), {@link org.sitewatch.infra.kafka.TopicAdmin} creates the topics and
 * measures consumer lag.
 */
package org.sitewatch.infra.kafka;
