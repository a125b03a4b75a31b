package org.sitewatch.web.publicsite;

import java.util.ArrayList;
import java.util.List;
import org.sitewatch.sink.tips.NewReport;
import org.sitewatch.sink.tips.ReportedUrls;
import org.sitewatch.sink.tips.TipCategory;

/**
 * What the report form shows: the values given (on a second try), the problems by field, the
 * internationalised names seen (in both forms), and a fresh challenge. Public only for the
 * templates.
 */
public final class FormView {
  /** URL inputs shown at least. */
  static final int URL_INPUTS = 3;

  /** A problem: the id of the field it is about (its anchor in the summary) and the message. */
  public record Problem(String field, String message) {}

  /** An internationalised name as the reporter wrote it and as it is crawled. */
  public record Idn(String unicode, String ascii) {}

  private final ReportForm values;
  private final List<Problem> problems;
  private final List<Idn> idns;
  private final String challenge;
  private final String question;
  private final int powBits;

  FormView(
      ReportForm values,
      List<Problem> problems,
      List<Idn> idns,
      String challenge,
      String question,
      int powBits) {
    this.values = values;
    this.problems = List.copyOf(problems);
    this.idns = List.copyOf(idns);
    this.challenge = challenge;
    this.question = question;
    this.powBits = powBits;
  }

  /** The values of the URL inputs: those given, and blank ones up to {@link #URL_INPUTS}. */
  public List<String> urls() {
    List<String> urls = new ArrayList<>(values.urls());
    int shown = Math.min(Math.max(URL_INPUTS, urls.size()), ReportedUrls.MAX_URLS + 1);
    while (urls.size() < shown) {
      urls.add("");
    }
    return urls.subList(0, shown);
  }

  public List<String> categories() {
    return java.util.Arrays.stream(TipCategory.values()).map(TipCategory::label).toList();
  }

  public String category() {
    return values.category();
  }

  public String description() {
    return values.description();
  }

  public String contact() {
    return values.contact();
  }

  public List<Problem> problems() {
    return problems;
  }

  /** The messages about one field ({@code url-0}, {@code category}, ...). */
  public List<String> errors(String field) {
    return problems.stream().filter(p -> p.field().equals(field)).map(Problem::message).toList();
  }

  /** {@code aria-describedby} and the invalid mark of a field with problems. */
  public boolean invalid(String field) {
    return problems.stream().anyMatch(p -> p.field().equals(field));
  }

  public List<Idn> idns() {
    return idns;
  }

  public String challenge() {
    return challenge;
  }

  public String question() {
    return question;
  }

  public int powBits() {
    return powBits;
  }

  public int maxUrls() {
    return ReportedUrls.MAX_URLS;
  }

  public int maxDescription() {
    return NewReport.MAX_DESCRIPTION;
  }

  public int maxContact() {
    return NewReport.MAX_CONTACT;
  }
}
