/**
 * The analysts' commands on the lead database of a running deployment: {@code sitewatch lead}
 * (queue, show and lifecycle actions, {@code lead route}), {@code stats}, {@code operation}, {@code
 * identifier} and {@code recrawl}.
 *
 * <p>Each extends {@link org.sitewatch.infra.cli.lead.LeadDatabase}, which connects with the
 * configured account and refuses a missing or older schema (these commands never migrate). The
 * rules they apply (lifecycle, priority, operations) live in the sink module; here is only option
 * parsing and output.
 */
package org.sitewatch.infra.cli.lead;
