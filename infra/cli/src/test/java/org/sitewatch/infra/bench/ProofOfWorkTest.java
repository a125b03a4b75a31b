package org.sitewatch.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProofOfWorkTest {
  @ParameterizedTest
  @CsvSource({
    "ff00000000000000000000000000000000000000000000000000000000000000, 0",
    "7f00000000000000000000000000000000000000000000000000000000000000, 1",
    "0100000000000000000000000000000000000000000000000000000000000000, 7",
    "0080000000000000000000000000000000000000000000000000000000000000, 8",
    "0000100000000000000000000000000000000000000000000000000000000000, 19",
    "0000000000000000000000000000000000000000000000000000000000000000, 256"
  })
  void countsTheLeadingZeroBitsOfADigest(String hex, int bits) {
    assertThat(ProofOfWork.leadingZeroBits(HexFormat.of().parseHex(hex))).isEqualTo(bits);
  }

  @Test
  void findsTheFirstNonceWhoseDigestOfChallengeColonNonceHasTheBits() throws Exception {
    ProofOfWork pow = new ProofOfWork();
    String challenge = "c2lnbmVk.challenge-1701.abc";
    for (int bits : new int[] {0, 4, 8, 12}) {
      long nonce = pow.solve(challenge, bits);
      assertThat(zeroBits(challenge + ":" + nonce))
          .as("bits %d", bits)
          .isGreaterThanOrEqualTo(bits);
      for (long n = 0; n < nonce; n++) {
        assertThat(zeroBits(challenge + ":" + n)).isLessThan(bits);
      }
      assertThat(pow.solves(challenge, nonce, bits)).isTrue();
    }
  }

  @Test
  void aNonceForOneChallengeDoesNotSolveAnother() {
    ProofOfWork pow = new ProofOfWork();
    long nonce = pow.solve("first", 12);
    assertThat(pow.solves("first", nonce, 12)).isTrue();
    assertThat(pow.solves("second", nonce, 12))
        .isEqualTo(zeroBitsUnchecked("second:" + nonce) >= 12);
  }

  /** The definition, computed apart: 256 minus the bit length of the digest read as a number. */
  private static int zeroBits(String text) throws Exception {
    byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    return 256 - new BigInteger(1, d).bitLength();
  }

  private static int zeroBitsUnchecked(String text) {
    try {
      return zeroBits(text);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
