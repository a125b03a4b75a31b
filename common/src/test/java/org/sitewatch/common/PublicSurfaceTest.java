package org.sitewatch.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sitewatch.common.digest.Sha256;
import org.sitewatch.common.net.IpLiterals;
import org.sitewatch.common.text.CharsetSniffer;

/**
 * What common exports: a member is public because another module uses it, not because a test does
 * (review r10 3.3). Tests in the same package reach package-private members.
 */
class PublicSurfaceTest {

  private static List<String> publicMethods(Class<?> type) {
    return Arrays.stream(type.getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers()))
        .map(Method::getName)
        .toList();
  }

  @Test
  void helpersOnlyTestsUsedAreNotPublic() {
    assertThat(publicMethods(CharsetSniffer.class))
        .doesNotContain("validIn", "metaCharset", "byteOrderMark");
    assertThat(publicMethods(IpLiterals.class)).doesNotContain("isLiteral");
    assertThat(Arrays.stream(Sha256.class.getMethods()))
        .as("no hex(InputStream)")
        .noneMatch(m -> Arrays.asList(m.getParameterTypes()).contains(java.io.InputStream.class));
  }
}
