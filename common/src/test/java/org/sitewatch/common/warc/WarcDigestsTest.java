package org.sitewatch.common.warc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.netpreserve.jwarc.WarcDigest;
import org.sitewatch.common.digest.Sha256;

class WarcDigestsTest {
  @Test
  void digestsTheConcatenatedParts() {
    WarcDigest d =
        WarcDigests.sha256(
            "ab".getBytes(StandardCharsets.UTF_8), "c".getBytes(StandardCharsets.UTF_8));
    assertThat(d.algorithm()).isEqualTo("sha256");
    assertThat(d.hex()).isEqualTo(Sha256.hex("abc"));
    assertThat(WarcDigests.parse(d.prefixedBase32())).contains(d);
    assertThat(WarcDigests.parse(" " + d + " ")).contains(d);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {" ", "sha256", ":ABC", "sha256:!!!"})
  void unreadableDigestsParseToNothing(String text) {
    assertThat(WarcDigests.parse(text)).isEmpty();
  }

  @Test
  void algorithmNamesCompareLoosely() {
    assertThat(WarcDigests.normalAlgorithm("SHA-256")).isEqualTo("sha256");
    assertThat(WarcDigests.normalAlgorithm("sha1")).isEqualTo("sha1");
  }
}
