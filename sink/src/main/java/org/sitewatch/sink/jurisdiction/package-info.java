/**
 * Jurisdiction routing: every lead goes to every competent public-security bureau, with the basis
 * for each route and the conflicts between indications shown next to them, never dropped.
 *
 * <p>Where to change what: how indications become routes and conflicts is {@link
 * org.sitewatch.sink.jurisdiction.JurisdictionRouter} (pure); the operator's tables and their
 * validation are {@link org.sitewatch.sink.jurisdiction.JurisdictionTables} (CSV dialect in {@code
 * Csv}, address ranges in {@code AddressRange}; region codes, provinces and IP literals are the
 * shared ones in {@code org.sitewatch.common}); storing a lead's routing, as a {@link
 * org.sitewatch.sink.store.LeadHook} or on demand, is {@link
 * org.sitewatch.sink.jurisdiction.RouteStore}. The indications, tables and conflict kinds are
 * catalogued in {@code docs/jurisdiction.md}.
 */
package org.sitewatch.sink.jurisdiction;
