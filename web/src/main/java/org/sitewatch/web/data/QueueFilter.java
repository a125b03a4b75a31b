package org.sitewatch.web.data;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.sink.lead.PriorityFlag;

/**
 * What the queue is narrowed to; every part is optional and the parts add up (AND).
 *
 * @param statuses leads in one of these states (empty: any)
 * @param conduct leads whose conducts include this one, e.g. {@code for-profit}
 * @param flag leads with this priority flag
 * @param bureau leads routed to the bureau of this region code (six digits)
 * @param newEvidenceOnly only leads a verdict changed since an analyst last acknowledged them
 * @param assignee leads assigned to this account
 * @param search a site, page URL or identifier value (QQ, WeChat id, ICP number, tracking id...),
 *     see {@link LeadQueue}
 */
public record QueueFilter(
    Set<LeadStatus> statuses,
    Optional<String> conduct,
    Optional<PriorityFlag> flag,
    Optional<String> bureau,
    boolean newEvidenceOnly,
    Optional<String> assignee,
    Optional<String> search) {
  /** The longest search text taken (a URL can be long; nothing longer is useful). */
  public static final int MAX_SEARCH = 500;

  private static final Pattern CONDUCT = Pattern.compile("[a-z][a-z0-9-]{0,63}");
  private static final Pattern REGION = Pattern.compile("[0-9]{6}");
  private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  /** The whole queue. */
  public static final QueueFilter NONE =
      new QueueFilter(
          Set.of(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          false,
          Optional.empty(),
          Optional.empty());

  /**
   * @throws IllegalArgumentException if a part is malformed (a conduct that is no lower-case label,
   *     a region code that is not six digits, an impossible account name, a search text longer than
   *     {@link #MAX_SEARCH})
   */
  public QueueFilter {
    statuses =
        statuses == null || statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
    conduct = check(conduct, CONDUCT, "conduct");
    flag = flag == null ? Optional.empty() : flag;
    bureau = check(bureau, REGION, "bureau region code");
    assignee = check(assignee, ACCOUNT, "assignee");
    search =
        search == null ? Optional.empty() : search.map(String::strip).filter(s -> !s.isEmpty());
    if (search.isPresent() && search.get().length() > MAX_SEARCH) {
      throw new IllegalArgumentException("search text longer than " + MAX_SEARCH + " characters");
    }
  }

  public QueueFilter withStatuses(Set<LeadStatus> s) {
    return new QueueFilter(s, conduct, flag, bureau, newEvidenceOnly, assignee, search);
  }

  public QueueFilter withConduct(String c) {
    return new QueueFilter(
        statuses, Optional.of(c), flag, bureau, newEvidenceOnly, assignee, search);
  }

  public QueueFilter withFlag(PriorityFlag f) {
    return new QueueFilter(
        statuses, conduct, Optional.of(f), bureau, newEvidenceOnly, assignee, search);
  }

  public QueueFilter withBureau(String regionCode) {
    return new QueueFilter(
        statuses, conduct, flag, Optional.of(regionCode), newEvidenceOnly, assignee, search);
  }

  public QueueFilter withNewEvidenceOnly(boolean only) {
    return new QueueFilter(statuses, conduct, flag, bureau, only, assignee, search);
  }

  public QueueFilter withAssignee(String account) {
    return new QueueFilter(
        statuses, conduct, flag, bureau, newEvidenceOnly, Optional.of(account), search);
  }

  public QueueFilter withSearch(String text) {
    return new QueueFilter(
        statuses, conduct, flag, bureau, newEvidenceOnly, assignee, Optional.of(text));
  }

  private static Optional<String> check(Optional<String> value, Pattern pattern, String what) {
    Optional<String> v =
        value == null ? Optional.empty() : value.map(String::strip).filter(s -> !s.isEmpty());
    if (v.isPresent() && !pattern.matcher(v.get()).matches()) {
      throw new IllegalArgumentException("not a valid " + what);
    }
    return v;
  }
}
