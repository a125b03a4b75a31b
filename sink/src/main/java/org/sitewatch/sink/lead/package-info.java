/**
 * The lead model: a {@link org.sitewatch.sink.lead.Lead} per flagged site, its {@link
 * org.sitewatch.sink.lead.LeadStatus}, the analysts' view ({@link org.sitewatch.sink.lead.LeadCase}
 * with {@link org.sitewatch.sink.lead.Priority}), its histories ({@link
 * org.sitewatch.sink.lead.LeadEvent} for verdicts, {@link org.sitewatch.sink.lead.HistoryEntry} for
 * review actions) and repeat-offender links. Values only: no database, no Kafka.
 *
 * <p>Priority and flag rules: {@link org.sitewatch.sink.lead.Priority}; which identifiers link
 * leads: {@link org.sitewatch.sink.lead.IdentifierStrength}. How they are stored: {@code store}.
 */
package org.sitewatch.sink.lead;
