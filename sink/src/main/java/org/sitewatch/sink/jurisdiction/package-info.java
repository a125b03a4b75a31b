/**
 * Jurisdiction routing: both bureaus open a case.
 *
 * <p>A lead is routed to every competent public-security bureau. Hosting location comes from the
 * lead's {@code server-ip} identifiers, looked up in an operator-supplied table of address ranges
 * ({@code cidr,region_code}); operator location from the province character of its ICP filing
 * numbers, the six-digit area code of its public-security filing numbers and operator-supplied
 * registrant data ({@code site,region_code,source}). Each indicated region is looked up in the
 * bureau directory ({@code region_code,bureau_name,contact}), falling back from the district to its
 * city ({@code NNNN00}) to its province ({@code NN0000}). The result is one {@link
 * org.sitewatch.sink.jurisdiction.Route} per distinct bureau carrying every basis and indication,
 * and a list of {@link org.sitewatch.sink.jurisdiction.Conflict}s: filing numbers that disagree,
 * hosting in another province than the operator (both bureaus get the lead), unreadable
 * indications, addresses in no range, regions without a bureau, and no jurisdiction at all.
 * Conflicts are data shown to the analyst, never a reason to drop a route.
 *
 * <p>{@link org.sitewatch.sink.jurisdiction.JurisdictionRouter} is pure; {@link
 * org.sitewatch.sink.jurisdiction.RouteStore} persists the routing of a lead, either as the lead
 * store's {@link org.sitewatch.sink.store.LeadHook} (inside the verdict's transaction) or on demand.
 *
 * <p>Known gap: the classifier does not emit {@code server-ip} identifiers yet (the fetched page's
 * server address is not carried by the verdict), so hosting routing only works once it does or
 * when such identifiers are present for another reason.
 */
package org.sitewatch.sink.jurisdiction;
