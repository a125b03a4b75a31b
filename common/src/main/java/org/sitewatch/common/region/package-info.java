/**
 * China's province-level divisions ({@link org.sitewatch.common.region.Provinces}: codes, names,
 * filing-number abbreviations) and six-digit administrative-area codes ({@link
 * org.sitewatch.common.region.RegionCodes}). The classifier checks filing numbers with them, the
 * sink routes leads; a new abbreviation or a renamed province is changed here for both.
 */
package org.sitewatch.common.region;
