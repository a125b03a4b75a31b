package org.sitewatch.web.publicsite;

/**
 * What every public page template gets: the texts in the visitor's language and where the language
 * switch leads. Public only for the templates.
 *
 * @param switchPath the page to show in the other language (a GET path)
 * @param contactDays how many days a contact is kept (the privacy note says so)
 */
public record PublicPage(Texts t, String switchPath, long contactDays) {
  /** The link that switches the language ({@code /status?lang=en}). */
  public String switchHref() {
    return switchPath + "?lang=" + t.other();
  }
}
