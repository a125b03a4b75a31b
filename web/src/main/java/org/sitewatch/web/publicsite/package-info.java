/**
 * The public tip-off site (docs/tips.md): a server of its own ({@link
 * org.sitewatch.web.publicsite.TipSiteServer}), on its own port and with its own database role,
 * that shares no route, session or template with the analysts' workbench. It takes reports and
 * answers receipt look-ups; it never fetches a reported URL.
 */
package org.sitewatch.web.publicsite;
