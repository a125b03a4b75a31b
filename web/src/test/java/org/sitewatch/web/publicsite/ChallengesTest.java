package org.sitewatch.web.publicsite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.sink.MutableClock;
import org.sitewatch.web.publicsite.Challenges.Challenge;
import org.sitewatch.web.publicsite.Challenges.Outcome;

class ChallengesTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T08:00:00Z"));
  private final Challenges challenges =
      new Challenges(clock, Duration.ofMinutes(30), 10, new SecureRandom(new byte[] {1}));

  private static int answer(Challenge c) {
    return c.plus() ? c.a() + c.b() : c.a() - c.b();
  }

  private String work(Challenge c) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (long n = 0; ; n++) {
      byte[] h = sha.digest((c.token() + ":" + n).getBytes(StandardCharsets.UTF_8));
      if (Challenges.leadingZeroBits(h) >= challenges.powBits()) {
        return Long.toString(n);
      }
    }
  }

  @Test
  void theRightAnswerPassesOnceAndAWrongOneUsesTheTokenUp() {
    Challenge c = challenges.issue();
    assertThat(c.a()).isBetween(1, 10);
    assertThat(answer(c)).isBetween(0, 20);
    assertThat(challenges.check(c.token(), "", " " + answer(c) + " ")).isEqualTo(Outcome.OK);
    assertThat(challenges.check(c.token(), "", Integer.toString(answer(c))))
        .isEqualTo(Outcome.REUSED);

    Challenge d = challenges.issue();
    assertThat(challenges.check(d.token(), "", Integer.toString(answer(d) + 1)))
        .isEqualTo(Outcome.WRONG);
    assertThat(challenges.check(d.token(), "", Integer.toString(answer(d))))
        .isEqualTo(Outcome.REUSED);
  }

  @Test
  void fullWidthDigitsAndLeadingZerosAreTheSameAnswer() {
    Challenge c = challenges.issue();
    String fullWidth =
        Integer.toString(answer(c))
            .chars()
            .mapToObj(ch -> String.valueOf((char) (ch - '0' + '０')))
            .reduce("", String::concat);
    assertThat(challenges.check(c.token(), "", "0" + fullWidth)).isEqualTo(Outcome.OK);
  }

  @Test
  void aProofOfWorkPassesInsteadOfTheAnswerAndAFalseOneDoesNot() throws Exception {
    Challenge c = challenges.issue();
    String nonce = work(c);
    Challenge d = challenges.issue();
    assertThat(challenges.worked(d.token(), nonce)).isFalse(); // bound to its own token
    assertThat(challenges.check(c.token(), nonce, "")).isEqualTo(Outcome.OK);
    Challenge e = challenges.issue();
    String bad = work(e).equals("0") ? "1" : "0";
    assertThat(challenges.check(e.token(), bad, "")).isEqualTo(Outcome.WRONG);
    assertThat(challenges.check(challenges.issue().token(), "", "")).isEqualTo(Outcome.UNANSWERED);
    assertThat(challenges.worked(c.token(), "-1")).isFalse();
    assertThat(challenges.worked(c.token(), nonce + "x")).isFalse();
  }

  @Test
  void withoutBitsAnyNonceIsWork() {
    Challenges none = new Challenges(clock, Duration.ofMinutes(30), 0, new SecureRandom());
    assertThat(none.check(none.issue().token(), "0", "")).isEqualTo(Outcome.OK);
  }

  @Test
  void aTokenIsValidForItsLifetimeOnly() {
    Challenge c = challenges.issue();
    clock.advance(Duration.ofMinutes(30));
    Challenge d = challenges.issue();
    assertThat(challenges.check(d.token(), "", Integer.toString(answer(d)))).isEqualTo(Outcome.OK);
    clock.advance(Duration.ofMillis(1));
    assertThat(challenges.check(c.token(), "", Integer.toString(answer(c))))
        .isEqualTo(Outcome.EXPIRED);
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "NULL",
      value = {"NULL", "''", "a.b.c", "1.2.3.4", "1.2.3.4.5"})
  void aMissingOrMadeUpTokenIsRefused(String token) {
    assertThat(challenges.check(token, "1", "1")).isEqualTo(Outcome.MISSING);
  }

  @Test
  void anAlteredTokenOrOneOfAnotherServerIsRefused() {
    Challenge c = challenges.issue();
    String[] p = c.token().split("\\.");
    String laterIssue = (Long.parseLong(p[0]) + 1) + "." + p[1] + "." + p[2] + "." + p[3];
    assertThat(challenges.check(laterIssue, "", Integer.toString(answer(c))))
        .isEqualTo(Outcome.MISSING);
    Challenges other = new Challenges(clock, Duration.ofMinutes(30), 10, new SecureRandom());
    assertThat(other.check(c.token(), "", Integer.toString(answer(c)))).isEqualTo(Outcome.MISSING);
    // the answer is not in the token
    assertThat(c.token()).doesNotContain("|");
  }

  @Test
  void leadingZeroBitsCountsAcrossBytes() {
    assertThat(Challenges.leadingZeroBits(new byte[] {0, 0, 0x10})).isEqualTo(19);
    assertThat(Challenges.leadingZeroBits(new byte[] {(byte) 0x80})).isZero();
    assertThat(Challenges.leadingZeroBits(new byte[] {0, 1})).isEqualTo(15);
  }
}
