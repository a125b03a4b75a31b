/**
 * The verdict consumer: {@link org.sitewatch.sink.intake.LeadSink} polls the verdict topic, decodes
 * records ({@link org.sitewatch.sink.intake.VerdictDecoder}), applies each batch through the lead
 * store in one transaction and publishes what it could not apply as outcomes ({@link
 * org.sitewatch.sink.intake.Outcomes}); {@link org.sitewatch.sink.intake.VerdictTrust} bounds how
 * far ahead a verdict may be. {@link org.sitewatch.sink.intake.SinkSettings} holds the sink's
 * settings.
 *
 * <p>Commit and retry rules: {@code docs/sink.md} ("Batches and failures").
 */
package org.sitewatch.sink.intake;
