package org.sitewatch.classifier.keywords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SimplifiedTableTest {
  @Test
  void preparedTableIsExactlyWhatIcuDerives() {
    assertThat(SimplifiedTable.builtIn()).isEqualTo(SimplifiedTable.fromIcu());
  }

  @Test
  void preparedTableMapsTraditionalCharactersToSimplifiedOnes() {
    char[] table = SimplifiedTable.builtIn();
    assertThat(table['網']).isEqualTo('网');
    assertThat(table['視']).isEqualTo('视');
    assertThat(table['色']).isEqualTo((char) 0);
  }

  @Test
  void malformedLineIsRefusedWithItsLineNumber() {
    assertThatThrownBy(() -> SimplifiedTable.parse("# c\n網\t网\n網网\n"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(":3:");
  }
}
