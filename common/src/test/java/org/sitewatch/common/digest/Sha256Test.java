package org.sitewatch.common.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Sha256Test {
  // FIPS 180-2 test vectors
  private static final String EMPTY =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private static final String ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @Test
  void hexOfKnownVectors() {
    assertThat(Sha256.hex(new byte[0])).isEqualTo(EMPTY);
    assertThat(Sha256.hex("abc")).isEqualTo(ABC);
    assertThat(Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII))).isEqualTo(ABC);
    assertThat(java.util.HexFormat.of().formatHex(Sha256.digest("abc"))).isEqualTo(ABC);
    assertThat(Sha256.digest(new byte[0])).hasSize(32);
  }

  @Test
  void textIsHashedAsUtf8() {
    assertThat(Sha256.hex("会员")).isEqualTo(Sha256.hex("会员".getBytes(StandardCharsets.UTF_8)));
    assertThat(Sha256.hex("会员")).isNotEqualTo(Sha256.hex("会员".getBytes(StandardCharsets.UTF_16)));
  }

  @Test
  void streamingGivesTheSameHexAsOneShot() throws Exception {
    byte[] big = new byte[200_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31);
    }
    MessageDigest chunks = Sha256.newDigest();
    for (int at = 0; at < big.length; at += 65_536) {
      chunks.update(big, at, Math.min(65_536, big.length - at));
    }
    assertThat(Sha256.hex(chunks)).isEqualTo(Sha256.hex(big));
    MessageDigest md = Sha256.newDigest();
    md.update("a".getBytes(StandardCharsets.UTF_8));
    md.update("bc".getBytes(StandardCharsets.UTF_8));
    assertThat(Sha256.hex(md)).isEqualTo(ABC);
    assertThat(Sha256.hex(md)).as("the digest was reset").isEqualTo(EMPTY);
  }

  @Test
  void shortHexIsAPrefix() {
    assertThat(Sha256.shortHex("abc", 12)).isEqualTo(ABC.substring(0, 12));
    assertThat(Sha256.shortHex("abc", 64)).isEqualTo(ABC);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 13, 66})
  void shortHexRefusesOddOrOutOfRangeLengths(int digits) {
    assertThatThrownBy(() -> Sha256.shortHex("abc", digits))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void first64BitsAreTheBigEndianPrefix() {
    assertThat(Sha256.first64Bits("abc"))
        .isEqualTo(ByteBuffer.wrap(Sha256.digest("abc")).getLong())
        .isEqualTo(0xba7816bf8f01cfeaL);
  }

  @Test
  void everyPublicMethodThatTurnsBytesIntoTextHashesThem() {
    // review r10 2.1: hex(byte[]) hashed and toHex(byte[]) only formatted, one call apart
    assertThat(java.util.Arrays.stream(Sha256.class.getMethods()))
        .filteredOn(m -> m.getDeclaringClass() == Sha256.class)
        .filteredOn(m -> m.getReturnType() == String.class)
        .filteredOn(m -> java.util.Arrays.asList(m.getParameterTypes()).contains(byte[].class))
        .extracting(java.lang.reflect.Method::getName)
        .containsOnly("hex");
    byte[] digest = Sha256.digest("abc");
    assertThat(Sha256.hex(digest)).as("hex(byte[]) hashes its argument").isNotEqualTo(ABC);
  }
}
