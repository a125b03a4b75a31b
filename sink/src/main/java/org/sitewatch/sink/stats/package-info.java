/**
 * Campaign figures for {@code sitewatch stats}: {@link org.sitewatch.sink.stats.LeadStats} computes
 * {@link org.sitewatch.sink.stats.CampaignStats} (with {@link
 * org.sitewatch.sink.stats.FollowUpStats}) in one read-only snapshot, so that the figures add up.
 * Add a figure: a query in {@code LeadStats}, a field in the record.
 */
package org.sitewatch.sink.stats;
