package org.sitewatch.web.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PasswordHasherTest {
  private static final String PASSWORD = "correct horse 1";

  @ParameterizedTest
  @CsvSource({"64, 1", "19456, 2"})
  void theHashForAnUnknownNameHasTheHashersOwnParametersAndMatchesNoPassword(
      int memoryKiB, int iterations) {
    PasswordHasher hasher = new PasswordHasher(memoryKiB, iterations);
    String real = hasher.hash(PASSWORD.toCharArray());
    String unknown = hasher.unmatchable();
    // same parameters and field lengths as a real hash: verifying it does the same work
    assertThat(unknown).startsWith("$argon2id$v=19$m=" + memoryKiB + ",t=" + iterations + ",p=1$");
    assertThat(unknown.split("\\$"))
        .extracting(String::length)
        .containsExactlyElementsOf(
            java.util.Arrays.stream(real.split("\\$")).map(String::length).toList());
    assertThat(hasher.verify(PASSWORD.toCharArray(), unknown)).isFalse();
    assertThat(hasher.verify(PASSWORD.toCharArray(), real)).isTrue();
  }
}
