package org.sitewatch.web.data;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.sitewatch.events.UnsafeChars;
import org.sitewatch.sink.store.Database;
import org.sitewatch.sink.store.Rows;
import org.sitewatch.sink.tips.TipCategory;
import org.sitewatch.sink.tips.TipChannel;
import org.sitewatch.sink.tips.TipStatus;
import org.sitewatch.web.account.Viewer;

/**
 * The tips on a lead's site, for the lead page: read through the lead under the bureau rule ({@link
 * Visibility#LEAD}), so a lead the viewer may not see has no tips either. A reporter's contact is
 * read only for a viewer who may read it (the query does not touch {@code tip_contact} otherwise),
 * so it cannot reach another role's page by mistake.
 */
public final class LeadTips {
  /** Tips shown, newest first; the others are counted. */
  public static final int SHOWN = 100;

  private static final String LEAD =
      "SELECT lead.tips, (SELECT count(*) FROM tip t WHERE t.site = lead.site) AS on_site"
          + " FROM lead WHERE lead.id = :leadId AND "
          + Visibility.LEAD;

  private static final String TIPS =
      """
      SELECT t.id, t.urls, t.received_at, t.status, t.status_reason, r.channel, r.category,
             r.description, r.entered_by,
             CASE WHEN :mayContact
                  THEN (SELECT c.contact FROM tip_contact c WHERE c.report_id = r.id) END
               AS contact,
             (SELECT e.actor FROM tip_event e
               WHERE e.tip_id = t.id AND e.reason = 'opened-by-hand'
               ORDER BY e.id DESC LIMIT 1) AS opened_by
        FROM lead lead
        JOIN tip t ON t.site = lead.site
        JOIN tip_report r ON r.id = t.report_id
       WHERE lead.id = :leadId AND %s
       ORDER BY t.received_at DESC, t.id DESC
       LIMIT :limit
      """
          .formatted(Visibility.LEAD);

  /** What the caller's contact looks like to a viewer who may read it. */
  public enum Contact {
    /** Given, and shown. */
    GIVEN,
    /** None was given. */
    NONE,
    /** None now: the report is past the retention period, so any contact was erased. */
    ERASED,
    /** The viewer may not read contact data. */
    NOT_SHOWN
  }

  /**
   * One tip on the lead's site.
   *
   * @param description what the reporter wrote, with characters that drive a terminal or reorder
   *     text replaced by U+FFFD
   * @param enteredBy the account that took a hotline call
   * @param contact the reporter's contact, if the viewer may read it and it is still kept
   * @param openedBy the account that asked for the lead by hand from this tip, if one did
   */
  public record Tip(
      long id,
      List<String> urls,
      Instant receivedAt,
      TipChannel channel,
      String category,
      String description,
      TipStatus status,
      String reason,
      Optional<String> enteredBy,
      Contact contactState,
      Optional<String> contact,
      Optional<String> openedBy) {
    public Tip {
      urls = List.copyOf(urls);
    }

    /** The category's label as a {@link TipCategory} (empty for one this version does not know). */
    public Optional<TipCategory> knownCategory() {
      return TipCategory.ofLabel(category);
    }
  }

  /**
   * The tips section of one lead.
   *
   * @param counted the lead's {@code tips} count (what its priority was raised by)
   * @param onSite every tip on the lead's site
   * @param tips the newest of them, at most {@link #SHOWN}
   * @param contactShown whether the viewer may read contact data
   */
  public record Section(long counted, long onSite, List<Tip> tips, boolean contactShown) {
    public Section {
      tips = List.copyOf(tips);
    }
  }

  private final Database db;
  private final Clock clock;
  private final Duration contactRetention;

  /**
   * @param contactRetention how long contact data is kept: a report older than this without contact
   *     shows "erased"
   */
  public LeadTips(DataSource dataSource, Clock clock, Duration contactRetention) {
    this.db = Database.of(Objects.requireNonNull(dataSource, "dataSource"));
    this.clock = Objects.requireNonNull(clock, "clock");
    this.contactRetention = Objects.requireNonNull(contactRetention, "contactRetention");
  }

  /**
   * The tips of lead {@code leadId}, or empty if the lead is missing or not the viewer's.
   *
   * @param mayReadContact whether the viewer may read the reporters' contact data
   */
  public Optional<Section> section(Viewer viewer, long leadId, boolean mayReadContact) {
    Objects.requireNonNull(viewer, "viewer");
    Instant erasedBefore = clock.instant().minus(contactRetention);
    return db.withHandle(
        "cannot read the tips of lead " + leadId,
        h -> {
          Optional<long[]> counts =
              Visibility.bind(h.createQuery(LEAD), viewer)
                  .bind("leadId", leadId)
                  .map((rs, ctx) -> new long[] {rs.getLong("tips"), rs.getLong("on_site")})
                  .findOne();
          if (counts.isEmpty()) {
            return Optional.empty();
          }
          List<Tip> tips =
              Visibility.bind(h.createQuery(TIPS), viewer)
                  .bind("leadId", leadId)
                  .bind("mayContact", mayReadContact)
                  .bind("limit", SHOWN)
                  .map(
                      (rs, ctx) -> {
                        Instant received = Rows.instant(rs, "received_at");
                        Optional<String> contact = Optional.ofNullable(rs.getString("contact"));
                        Contact state =
                            !mayReadContact
                                ? Contact.NOT_SHOWN
                                : contact.isPresent()
                                    ? Contact.GIVEN
                                    : received.isBefore(erasedBefore)
                                        ? Contact.ERASED
                                        : Contact.NONE;
                        return new Tip(
                            rs.getLong("id"),
                            Rows.texts(rs, "urls"),
                            received,
                            TipChannel.valueOf(rs.getString("channel")),
                            rs.getString("category"),
                            shown(rs.getString("description")),
                            TipStatus.valueOf(rs.getString("status")),
                            rs.getString("status_reason"),
                            Optional.ofNullable(rs.getString("entered_by")),
                            state,
                            contact.map(LeadTips::shown),
                            Optional.ofNullable(rs.getString("opened_by")));
                      })
                  .list();
          return Optional.of(new Section(counts.get()[0], counts.get()[1], tips, mayReadContact));
        });
  }

  /** {@code text} with every {@link UnsafeChars unsafe} character replaced by U+FFFD. */
  public static String shown(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      b.append(UnsafeChars.isUnsafe(c) ? '\uFFFD' : c);
    }
    return b.toString();
  }
}
