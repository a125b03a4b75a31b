package org.sitewatch.sink.lead;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.events.Finding;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.SignalHit;
import org.sitewatch.sink.workflow.ReviewPolicy;

class PriorityTest {
  private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");

  @ParameterizedTest(name = "score {0}, conducts [{1}], flags [{2}] -> {3} {4}")
  @CsvSource(
      delimiter = '|',
      value = {
        // score | conducts                  | flags                           | value | severity
        "0.50    |                           |                                 | 20    | LOW",
        "0.90    | for-profit                |                                 | 56    | HIGH",
        "0.90    | solicitation;for-profit   |                                 | 66    | HIGH",
        "0.95    | solicitation;for-profit   |                                 | 68    | HIGH",
        "0.60    | without-profit            |                                 | 29    | LOW",
        "0.25    | for-profit                |                                 | 30    | MEDIUM",
        "0.50    | showing-audio-video       |                                 | 35    | MEDIUM",
        "0.72    | for-profit                |                                 | 49    | MEDIUM",
        "0.60    | without-profit            | EDUCATION_NETWORK               | 44    | HIGH",
        "0.50    |                           | MINORS                          | 50    | CRITICAL",
        "1.00    | solicitation;for-profit   | MINORS;REPEAT_OFFENDER          | 100   | CRITICAL",
        "0.80    | showing-audio-video       | REPEAT_OFFENDER                 | 67    | HIGH",
      })
  void priorityAddsScoreConductAndFlags(
      double score, String conducts, String flags, int value, Severity severity) {
    List<String> conductList = conducts == null ? List.of() : List.of(conducts.split(";"));
    Set<PriorityFlag> flagSet =
        flags == null
            ? Set.of()
            : Set.copyOf(
                java.util.Arrays.stream(flags.split(";")).map(PriorityFlag::valueOf).toList());

    Priority p = Priority.of(score, conductList, flagSet);

    assertThat(p.value()).isEqualTo(value);
    assertThat(p.severity()).isEqualTo(severity);
    assertThat(p.flags()).isEqualTo(flagSet);
  }

  @ParameterizedTest(name = "score {0}, conducts [{1}], {2} tips -> {3} {4}")
  @CsvSource(
      delimiter = '|',
      value = {
        // score | conducts       | tips | value | severity
        "0.50    |                | 0    | 20    | LOW",
        "0.50    |                | 1    | 25    | LOW",
        "0.50    |                | 2    | 30    | MEDIUM",
        "0.50    |                | 3    | 35    | MEDIUM",
        "0.50    |                | 4    | 35    | MEDIUM",
        "0.50    |                | 40   | 35    | MEDIUM",
        "0.90    | for-profit     | 2    | 66    | HIGH",
        "1.00    | solicitation   | 3    | 80    | CRITICAL",
        "1.00    | solicitation   | 9    | 80    | CRITICAL",
      })
  void eachTipAddsFivePointsUpToFifteen(
      double score, String conducts, int tips, int value, Severity severity) {
    List<String> conductList = conducts == null ? List.of() : List.of(conducts.split(";"));

    Priority p = Priority.of(score, conductList, Set.of(), tips);

    assertThat(p.value()).isEqualTo(value);
    assertThat(p.severity()).isEqualTo(severity);
    assertThat(p.flags()).isEmpty();
  }

  @Test
  void withoutTipsTheThreeArgumentFormIsTheSame() {
    Set<PriorityFlag> flags = Set.of(PriorityFlag.REPEAT_OFFENDER);

    assertThat(Priority.of(0.8, List.of("for-profit"), flags))
        .isEqualTo(Priority.of(0.8, List.of("for-profit"), flags, 0));
    assertThat(Priority.of(1.0, List.of("solicitation", "for-profit"), flags, 3).value())
        .isEqualTo(100);
  }

  @Test
  void aHigherScoreAnAddedConductOrAnAddedFlagNeverLowersThePriority() {
    List<String> allConducts =
        List.of("solicitation", "for-profit", "showing-audio-video", "without-profit");
    List<PriorityFlag> allFlags = List.of(PriorityFlag.values());
    int checked = 0;
    for (int step = 0; step <= 20; step++) {
      double score = step / 20.0;
      for (int conductMask = 0; conductMask < 1 << allConducts.size(); conductMask++) {
        List<String> conducts = subset(allConducts, conductMask);
        for (int flagMask = 0; flagMask < 1 << allFlags.size(); flagMask++) {
          Set<PriorityFlag> flags = Set.copyOf(subset(allFlags, flagMask));
          for (int tips = 0; tips <= 4; tips++) {
            Priority base = Priority.of(score, conducts, flags, tips);
            String at = "score " + score + ", " + conducts + ", " + flags + ", " + tips + " tips";

            if (step < 20) {
              assertNotLower(
                  Priority.of((step + 1) / 20.0, conducts, flags, tips), base, "higher " + at);
            }
            for (String added : allConducts) {
              if (!conducts.contains(added)) {
                List<String> more = new ArrayList<>(conducts);
                more.add(added);
                assertNotLower(
                    Priority.of(score, more, flags, tips), base, "+" + added + " to " + at);
              }
            }
            for (PriorityFlag added : allFlags) {
              if (!flags.contains(added)) {
                Set<PriorityFlag> more = EnumSet.of(added);
                more.addAll(flags);
                assertNotLower(
                    Priority.of(score, conducts, more, tips), base, "+" + added + " to " + at);
              }
            }
            checked++;
          }
        }
      }
    }
    assertThat(checked).isEqualTo(21 * 16 * 8 * 5);
  }

  private static void assertNotLower(Priority raised, Priority base, String what) {
    assertThat(raised.value()).as("value, " + what).isGreaterThanOrEqualTo(base.value());
    assertThat(raised.severity()).as("severity, " + what).isGreaterThanOrEqualTo(base.severity());
  }

  private static <T> List<T> subset(List<T> all, int mask) {
    return IntStream.range(0, all.size())
        .filter(i -> (mask & 1 << i) != 0)
        .mapToObj(all::get)
        .toList();
  }

  @ParameterizedTest(name = "{0}: education network {1}")
  @CsvSource({
    "www.example-school.edu.cn, true",
    "edu.cn,                    true",
    "mail.state.edu,            true",
    "education.example,         false",
    "edu.cn.example,            false",
    "notedu.cn,                 false",
    "portal.school.example,     true",
  })
  void educationHostsBySuffixAndOperatorList(String host, boolean education) {
    ReviewPolicy policy = ReviewPolicy.withSchools(List.of("school.example"));

    assertThat(policy.isEducationHost(host)).isEqualTo(education);
  }

  @Test
  void minorsFlagFollowsAMinorsSignal() {
    Lead lead =
        lead(
            "videos.example",
            List.of(
                new SignalHit(
                    "kw.zh.xueshengmei", "minors", 2.0, 1, "snippet", "https://videos.example/a")),
            List.of());

    assertThat(Priority.evidenceFlags(lead, ReviewPolicy.DEFAULTS))
        .containsExactly(PriorityFlag.MINORS);
  }

  @Test
  void educationFlagFollowsAnEvidenceUrlOnAnEducationHost() {
    Lead lead =
        lead(
            "videos.example",
            List.of(),
            List.of(
                new Finding(
                    "injected-links", "hidden links", "<a>", "https://lib.some-univ.edu.cn/news")));

    assertThat(Priority.evidenceFlags(lead, ReviewPolicy.DEFAULTS))
        .containsExactly(PriorityFlag.EDUCATION_NETWORK);
  }

  @Test
  void ordinaryLeadHasNoEvidenceFlags() {
    Lead lead =
        lead(
            "videos.example",
            List.of(
                new SignalHit(
                    "kw.zh.seqing", "explicit", 1.8, 1, "snippet", "https://videos.example/a")),
            List.of());

    assertThat(Priority.evidenceFlags(lead, ReviewPolicy.DEFAULTS)).isEmpty();
  }

  private static Lead lead(String site, List<SignalHit> signals, List<Finding> findings) {
    return new Lead(
        1,
        site,
        LeadStatus.NEW,
        0.8,
        List.of("explicit"),
        signals,
        List.of(new PageRef("https://" + site + "/", 0.8, "ab".repeat(32), T)),
        1,
        "lex",
        T,
        T,
        List.of(),
        List.of(),
        findings);
  }
}
