package org.sitewatch.classifier.keywords;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Regenerates {@code classifier/src/main/resources/keywords/traditional-simplified.txt} from ICU
 * (after an ICU upgrade, when {@code SimplifiedTableTest} says it differs). Usage: {@code
 * SimplifiedTableSource OUT_FILE}.
 */
public final class SimplifiedTableSource {
  private SimplifiedTableSource() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: SimplifiedTableSource OUT_FILE");
    }
    Files.writeString(
        Path.of(args[0]),
        SimplifiedTable.render(SimplifiedTable.fromIcu()),
        StandardCharsets.UTF_8);
  }
}
