package org.sitewatch.web.tips;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.sitewatch.sink.tips.NewReport;
import org.sitewatch.sink.tips.ReportedUrls;
import org.sitewatch.sink.tips.TipCategory;
import org.sitewatch.sink.tips.TipChannel;
import org.sitewatch.web.view.Messages;

/**
 * The hotline form as typed: URLs one per line, a category, a description, the caller's contact.
 * {@link #check} turns it into a report, or into a message per problem; the URLs go through the
 * same checker as the public site's ({@link ReportedUrls#check}), with the same problem codes.
 *
 * @param urls the URLs, one per line, as typed
 * @param category the category's label as submitted
 * @param description what the caller saw
 * @param contact how to reach the caller, if they want to be reached (empty: anonymous)
 */
public record HotlineForm(String urls, String category, String description, String contact) {
  /** Lines with text read at most; more is "too many" at once, without looking further. */
  static final int MAX_LINES = 5 * ReportedUrls.MAX_URLS;

  /** The longest URL text read. */
  static final int MAX_URLS_TEXT = MAX_LINES * (ReportedUrls.MAX_LENGTH + 2);

  static final HotlineForm EMPTY = new HotlineForm("", "", "", "");

  public HotlineForm {
    urls = urls == null ? "" : urls;
    category = category == null ? "" : category.strip();
    description = description == null ? "" : description;
    contact = contact == null ? "" : contact;
  }

  /**
   * A problem to show: the field it is about ({@code urls}, {@code category}, {@code description},
   * {@code contact}) and its message.
   */
  public record Problem(String field, String message) {}

  /** What the check found: a report to record, or the problems (never both). */
  record Checked(Optional<NewReport> report, List<ReportedUrls.Url> urls, List<Problem> problems) {
    Checked {
      urls = List.copyOf(urls);
      problems = List.copyOf(problems);
    }
  }

  /**
   * Checks the form for a tip entered by {@code enteredBy}; messages in {@code m}'s language.
   *
   * @param allowPrivateTargets take loopback and private addresses (as the crawler is configured)
   */
  Checked check(String enteredBy, Messages m, boolean allowPrivateTargets) {
    List<Problem> problems = new ArrayList<>();
    List<ReportedUrls.Url> checked = List.of();
    List<String> lines = Arrays.asList(urls.split("\\R", -1));
    long given = lines.stream().filter(l -> !l.isBlank()).count();
    if (urls.length() > MAX_URLS_TEXT || given > MAX_LINES) {
      problems.add(
          new Problem(
              "urls", m.t("tips.problem." + ReportedUrls.Problem.TOO_MANY, ReportedUrls.MAX_URLS)));
    } else {
      ReportedUrls.Result result = ReportedUrls.check(lines, allowPrivateTargets);
      checked = result.urls();
      for (ReportedUrls.Rejected r : result.problems()) {
        problems.add(new Problem("urls", message(r, m)));
      }
    }
    Optional<TipCategory> cat = TipCategory.ofLabel(category);
    if (cat.isEmpty()) {
      problems.add(new Problem("category", m.t("tips.problem.category")));
    }
    if (description.strip().length() > NewReport.MAX_DESCRIPTION) {
      problems.add(
          new Problem("description", m.t("tips.problem.description", NewReport.MAX_DESCRIPTION)));
    }
    if (contact.strip().length() > NewReport.MAX_CONTACT) {
      problems.add(new Problem("contact", m.t("tips.problem.contact", NewReport.MAX_CONTACT)));
    }
    if (!problems.isEmpty()) {
      return new Checked(Optional.empty(), checked, problems);
    }
    NewReport report =
        new NewReport(
            checked,
            TipChannel.HOTLINE,
            cat.get(),
            description,
            Optional.of(contact),
            Optional.empty(),
            Optional.of(enteredBy));
    return new Checked(Optional.of(report), checked, List.of());
  }

  /** The message of one URL problem, naming the line and what was typed on it. */
  static String message(ReportedUrls.Rejected r, Messages m) {
    String text =
        m.t("tips.problem." + r.problem().name(), ReportedUrls.MAX_URLS, ReportedUrls.MAX_LENGTH);
    return r.index() < 0 ? text : m.t("tips.problem.line", r.index() + 1, r.input(), text);
  }
}
