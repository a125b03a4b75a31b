/**
 * A real single-node Kafka broker (KRaft) in one JVM: {@link
 * org.sitewatch.infra.embedded.EmbeddedKafka}. The all-in-one mode runs on it, and every stage's
 * integration tests use it (test scope), so there is one copy. Broker settings live in {@code
 * EmbeddedKafka.start}.
 */
package org.sitewatch.infra.embedded;
