/**
 * The campaign dashboard: {@code DashboardData} computes the figures of {@code sitewatch stats}
 * (leads by status and conduct, over time; time to confirmation and to takedown; leads per bureau)
 * over the leads a viewer may see, {@code DashboardFeature} serves them as JSON to the page's
 * charts ({@code assets/dashboard.js}, ECharts with its SVG renderer) and to {@code /api/stats}.
 */
package org.sitewatch.web.dashboard;
