/**
 * The signed-in user's own settings page: language, time zone, and whether captured pages are shown
 * unblurred. {@code http.Web.page} applies them to every page.
 */
package org.sitewatch.web.settings;
