/**
 * The public tip-off site (docs/tips.md): a server of its own ({@link
 * org.sitewatch.web.publicsite.TipSiteServer}), on its own port and with its own database role,
 * that shares no route, session or template with the analysts' workbench. It takes reports and
 * answers receipt look-ups; it never fetches a reported URL.
 *
 * <p>Where to change what: the routes and the order of the checks of a report in {@code
 * TipSiteServer}; the limits in {@code RateLimits} (their values in {@code TipSiteSettings}); the
 * client hash and its key rotation in {@code ClientKeys}; the signed challenge, the proof of work
 * and the question in {@code Challenges} (the browser side is {@code
 * resources/publicsite/assets/pow.js}); what a URL may be in {@code sink.tips.ReportedUrls}. Pages
 * are {@code jte/publicsite/*.jte}, texts {@code resources/publicsite/messages*.properties}; the
 * view classes ({@code FormView}, {@code ReceiptView}, {@code StatusView}, {@code PublicPage},
 * {@code Texts}) are public only for the templates.
 */
package org.sitewatch.web.publicsite;
