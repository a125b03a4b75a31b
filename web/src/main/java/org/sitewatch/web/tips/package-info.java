/**
 * Tips in the workbench (docs/tips.md, "In the workbench"). {@link
 * org.sitewatch.web.tips.TipsFeature} holds the routes: the tip queue ({@code /tips}: tips grouped
 * by site, by default those whose site was not flagged, read by {@link
 * org.sitewatch.web.tips.TipQueue} with the site's lead under the bureau rule), "open a lead by
 * hand" ({@code OpenByHand}: marks the site's tips and records who asked; the sink opens the lead)
 * and the hotline form ({@code /tips/new}, checked by {@code HotlineForm} with the public site's
 * URL checker and recorded with the sink's {@code TipStore}). The lead page's tips section is read
 * by {@link org.sitewatch.web.data.LeadTips}. Templates are in {@code web/src/main/jte/tips}.
 */
package org.sitewatch.web.tips;
