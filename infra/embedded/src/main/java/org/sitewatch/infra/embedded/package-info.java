/**
 * Servers run inside the process, for the all-in-one mode and every stage's integration tests (test
 * scope), so there is one copy of each: a real single-node Kafka broker (KRaft), {@link
 * org.sitewatch.infra.embedded.EmbeddedKafka}, and the start of an embedded PostgreSQL, {@link
 * org.sitewatch.infra.embedded.EmbeddedPostgresStart}. Broker settings live in {@code
 * EmbeddedKafka.startOn}.
 *
 * <p>Each module's integration tests run in two JVMs at once, so a port chosen by opening and
 * closing a socket can be taken by the other JVM before the server binds it. The broker is handed
 * its listener sockets already bound ({@code PreboundListeners}, wired by {@code RaftNode} as
 * Kafka's {@code KafkaRaftServer} would wire it); a PostgreSQL postmaster binds its port itself, so
 * its start is retried on a fresh port when the port was taken ({@link
 * org.sitewatch.infra.embedded.PortRetry}).
 */
package org.sitewatch.infra.embedded;
