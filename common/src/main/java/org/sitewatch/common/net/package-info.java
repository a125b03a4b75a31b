/**
 * Hosts and sites: {@link org.sitewatch.common.net.Sites} (the site of a URL or host: the Kafka key
 * of every topic), {@link org.sitewatch.common.net.IpLiterals} (IP literals parsed without DNS) and
 * {@link org.sitewatch.common.net.SpecialAddresses} (which addresses are not public, for the
 * crawler's address guard and the tip-off site).
 *
 * <p>Change the site rule only here, and only together with a plan for the keys already on the
 * topics: a crawler and a classifier that disagree send one site's records to two partitions. Cases
 * and the reasons for them are in {@code docs/shared-concepts.md}.
 */
package org.sitewatch.common.net;
