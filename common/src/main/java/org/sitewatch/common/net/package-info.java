/**
 * Hosts and sites: {@link org.sitewatch.common.net.Sites} (the site of a URL or host: the Kafka key
 * of every topic) and {@link org.sitewatch.common.net.IpLiterals} (IP literals parsed without DNS).
 *
 * <p>Change the site rule only here, and only together with a plan for the keys already on the
 * topics: a crawler and a classifier that disagree send one site's records to two partitions. Cases
 * and the reasons for them are in {@code docs/shared-concepts.md}.
 */
package org.sitewatch.common.net;
