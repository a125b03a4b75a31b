package org.sitewatch.sink.tips;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A report to record: checked URLs, what was seen, how it came in.
 *
 * @param urls the checked URLs ({@link ReportedUrls#check}: at least one, no problems)
 * @param channel the public site or the hotline
 * @param category what the reporter says the site shows
 * @param description free text, at most {@link #MAX_DESCRIPTION} characters (may be empty)
 * @param contact how to reach the reporter for follow-up (empty: anonymous), at most {@link
 *     #MAX_CONTACT} characters
 * @param clientHash keyed hash of the client address (web only), or empty
 * @param enteredBy the workbench account that took a hotline call (hotline only), or empty
 */
public record NewReport(
    List<ReportedUrls.Url> urls,
    TipChannel channel,
    TipCategory category,
    String description,
    Optional<String> contact,
    Optional<String> clientHash,
    Optional<String> enteredBy) {
  public static final int MAX_DESCRIPTION = 2000;
  public static final int MAX_CONTACT = 200;

  public NewReport {
    urls = List.copyOf(urls);
    if (urls.isEmpty() || urls.size() > ReportedUrls.MAX_URLS) {
      throw new IllegalArgumentException(
          "a report names 1 to " + ReportedUrls.MAX_URLS + " URLs, got " + urls.size());
    }
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(category, "category");
    description = description == null ? "" : description.strip();
    if (description.length() > MAX_DESCRIPTION) {
      throw new IllegalArgumentException(
          "the description is longer than " + MAX_DESCRIPTION + " characters");
    }
    contact =
        contact == null ? Optional.empty() : contact.map(String::strip).filter(c -> !c.isEmpty());
    if (contact.isPresent() && contact.get().length() > MAX_CONTACT) {
      throw new IllegalArgumentException(
          "the contact is longer than " + MAX_CONTACT + " characters");
    }
    clientHash = clientHash == null ? Optional.empty() : clientHash;
    enteredBy = enteredBy == null ? Optional.empty() : enteredBy.filter(e -> !e.isBlank());
    if ((channel == TipChannel.HOTLINE) != enteredBy.isPresent()) {
      throw new IllegalArgumentException("a hotline tip, and only one, names who entered it");
    }
  }
}
