package org.sitewatch.web.tips;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.sitewatch.sink.tips.TipCategory;
import org.sitewatch.sink.tips.TipChannel;
import org.sitewatch.sink.tips.TipStatus;

/**
 * What the tip queue shows; the parts add up (AND). By default it shows {@link Show#NOT_FLAGGED}:
 * the tips that ended "not actionable" because their site was not flagged, could not be reached or
 * was refused by the crawler, which is what an analyst reviews and may open a lead from by hand.
 *
 * @param show which statuses
 * @param channel only tips that came in this way
 * @param category only tips of this category
 * @param site only tips on this site (as the tips store it: the registered domain, lower case)
 */
public record TipFilter(
    Show show,
    Optional<TipChannel> channel,
    Optional<TipCategory> category,
    Optional<String> site) {

  /** The reasons a tip is "not actionable" although its site has no lead. */
  public static final Set<String> NOT_FLAGGED_REASONS =
      Set.of("not-flagged", "unreachable", "refused");

  private static final Pattern SITE = Pattern.compile("[\\p{L}\\p{N}.:\\[\\]-]{1,253}");

  /** The status part of the filter. */
  public enum Show {
    /** Not actionable for a reason in {@link #NOT_FLAGGED_REASONS} (the default). */
    NOT_FLAGGED(null),
    /** Every tip. */
    ALL(null),
    RECEIVED(TipStatus.RECEIVED),
    REVIEWING(TipStatus.REVIEWING),
    ACTION_TAKEN(TipStatus.ACTION_TAKEN),
    NOT_ACTIONABLE(TipStatus.NOT_ACTIONABLE);

    private final TipStatus status;

    Show(TipStatus status) {
      this.status = status;
    }

    /** The one status shown, if the choice is one status. */
    public Optional<TipStatus> status() {
      return Optional.ofNullable(status);
    }

    /** The name in a query string, e.g. {@code not-flagged}. */
    public String param() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Optional<Show> ofParam(String param) {
      for (Show s : values()) {
        if (s.param().equals(param)) {
          return Optional.of(s);
        }
      }
      return Optional.empty();
    }
  }

  /** The default view: tips whose site was not flagged. */
  public static final TipFilter DEFAULT =
      new TipFilter(Show.NOT_FLAGGED, Optional.empty(), Optional.empty(), Optional.empty());

  public TipFilter {
    show = show == null ? Show.NOT_FLAGGED : show;
    channel = channel == null ? Optional.empty() : channel;
    category = category == null ? Optional.empty() : category;
    site = site == null ? Optional.empty() : site;
  }

  /**
   * The filter of a query string's parameters ({@code show}, {@code channel}, {@code category},
   * {@code site}); an unknown or malformed value is left out, as if not given.
   */
  public static TipFilter parse(String show, String channel, String category, String site) {
    return new TipFilter(
        Optional.ofNullable(show).flatMap(Show::ofParam).orElse(Show.NOT_FLAGGED),
        Optional.ofNullable(channel)
            .flatMap(
                c -> {
                  for (TipChannel ch : TipChannel.values()) {
                    if (ch.name().equalsIgnoreCase(c)) {
                      return Optional.of(ch);
                    }
                  }
                  return Optional.empty();
                }),
        Optional.ofNullable(category).flatMap(TipCategory::ofLabel),
        site(site));
  }

  /**
   * A site as typed into the filter, as the tips store it (lower case, an internationalised name in
   * punycode), or empty if it cannot be one.
   */
  static Optional<String> site(String typed) {
    if (typed == null) {
      return Optional.empty();
    }
    String s = typed.strip().toLowerCase(Locale.ROOT);
    if (!SITE.matcher(s).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(IDN.toASCII(s, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The query string of this filter (without {@code ?}), for links that keep it. */
  public String query() {
    StringBuilder b = new StringBuilder("show=").append(show.param());
    channel.ifPresent(c -> b.append("&channel=").append(c.name()));
    category.ifPresent(c -> b.append("&category=").append(c.label()));
    site.ifPresent(
        s ->
            b.append("&site=")
                .append(java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8)));
    return b.toString();
  }
}
