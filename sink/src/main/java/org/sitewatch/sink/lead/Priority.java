package org.sitewatch.sink.lead;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.sitewatch.events.Finding;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.sink.workflow.ReviewPolicy;

/**
 * Where a lead stands in the analysts' queue: a number from 0 to 100 (higher first), a severity and
 * the priority flags that raised them.
 *
 * <p>The number adds up the score (up to 40), the gravest conduct (solicitation 25, for profit 20,
 * showing audio-video 15, without profit 5; +5 when there are several) and each flag (minors 30,
 * education network 15, repeat offender 20) and the tips from the public naming its site (5 per
 * tip, at most 15: docs/tips.md), capped at 100. Severity follows the number (70 critical, 50 high,
 * 30 medium), with a floor: minors make a lead critical, the other flags at least high. Tips are
 * not a flag (a report is not evidence): they raise the number, and the severity only through it.
 *
 * @param value 0 to 100
 * @param severity the severity
 * @param flags the priority flags that apply
 */
public record Priority(int value, Severity severity, Set<PriorityFlag> flags) {
  private static final Map<String, Integer> CONDUCT_POINTS =
      Map.of(
          "solicitation", 25,
          "for-profit", 20,
          "showing-audio-video", 15,
          "without-profit", 5);
  private static final Map<PriorityFlag, Integer> FLAG_POINTS =
      Map.of(
          PriorityFlag.MINORS,
          30,
          PriorityFlag.EDUCATION_NETWORK,
          15,
          PriorityFlag.REPEAT_OFFENDER,
          20);

  /** Identifier types that tie sites to one operator: {@link IdentifierStrength#STRONG_TYPES}. */
  public static final Set<String> STRONG_IDENTIFIER_TYPES = IdentifierStrength.STRONG_TYPES;

  public Priority {
    if (value < 0 || value > 100) {
      throw new IllegalArgumentException("priority must be in [0, 100]: " + value);
    }
    Objects.requireNonNull(severity, "severity");
    flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
  }

  /** Points per tip naming the lead's site. */
  public static final int TIP_POINTS = 5;

  /** The most points tips add, however many there are. */
  public static final int MAX_TIP_POINTS = 15;

  /** The priority of a lead with this score, these conducts and these flags, and no tips. */
  public static Priority of(double score, List<String> conducts, Set<PriorityFlag> flags) {
    return of(score, conducts, flags, 0);
  }

  /**
   * The priority of a lead with this score, these conducts and these flags, whose site {@code tips}
   * tips name ({@code lead.tips}).
   */
  public static Priority of(
      double score, List<String> conducts, Set<PriorityFlag> flags, int tips) {
    if (tips < 0) {
      throw new IllegalArgumentException("tips must not be negative: " + tips);
    }
    int conduct =
        conducts.stream().mapToInt(c -> CONDUCT_POINTS.getOrDefault(c, 0)).max().orElse(0);
    if (conducts.stream().distinct().count() > 1) {
      conduct += 5;
    }
    int flagged = flags.stream().mapToInt(FLAG_POINTS::get).sum();
    int tipped = (int) Math.min(MAX_TIP_POINTS, (long) tips * TIP_POINTS);
    int value = Math.min(100, (int) Math.round(score * 40) + conduct + flagged + tipped);
    Severity severity =
        value >= 70
            ? Severity.CRITICAL
            : value >= 50 ? Severity.HIGH : value >= 30 ? Severity.MEDIUM : Severity.LOW;
    if (flags.contains(PriorityFlag.MINORS)) {
      severity = Severity.CRITICAL;
    } else if (!flags.isEmpty() && severity.compareTo(Severity.HIGH) < 0) {
      severity = Severity.HIGH;
    }
    return new Priority(value, severity, flags);
  }

  /**
   * The flags that follow from the lead's own evidence: {@link PriorityFlag#MINORS} and {@link
   * PriorityFlag#EDUCATION_NETWORK} (the site or any URL in its evidence on an education domain).
   * {@link PriorityFlag#REPEAT_OFFENDER} needs the other leads and is added by the store.
   */
  public static Set<PriorityFlag> evidenceFlags(Lead lead, ReviewPolicy policy) {
    Set<PriorityFlag> flags = EnumSet.noneOf(PriorityFlag.class);
    if (lead.categories().contains("minors")
        || lead.signals().stream().anyMatch(s -> s.category().equals("minors"))) {
      flags.add(PriorityFlag.MINORS);
    }
    if (evidenceHosts(lead).anyMatch(policy::isEducationHost)) {
      flags.add(PriorityFlag.EDUCATION_NETWORK);
    }
    return flags;
  }

  /** The strong identifiers of a lead, as {type, value} pairs. */
  static List<Identifier> strongIdentifiers(Lead lead) {
    List<Identifier> strong = new ArrayList<>();
    for (Identifier i : lead.identifiers()) {
      if (IdentifierStrength.isStrong(i.type())) {
        strong.add(i);
      }
    }
    return strong;
  }

  private static Stream<String> evidenceHosts(Lead lead) {
    Stream<String> urls =
        Stream.of(
                lead.pages().stream().map(PageRef::url),
                lead.signals().stream().map(SignalHit::url),
                lead.findings().stream().map(Finding::url),
                lead.identifiers().stream().map(Identifier::url))
            .flatMap(s -> s);
    return Stream.concat(
        Stream.of(lead.site()), urls.map(Priority::host).flatMap(Optional::stream));
  }

  private static Optional<String> host(String url) {
    if (url.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(new URI(url).getHost());
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}
