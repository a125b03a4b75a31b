package org.sitewatch.classifier.keywords;

import com.ibm.icu.text.Transliterator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The Traditional to Simplified Chinese table of {@link EvasionCharFilter}: for each ideograph
 * below U+A000 that ICU's {@code Traditional-Simplified} transliterator maps to one other
 * character, that character. Deriving it from ICU compiles the transliterator's rules and runs it
 * over 27,000 code points, about a quarter of a second of every process's start-up (and more for
 * the JIT); so it ships prepared, as {@value #RESOURCE}, and {@code SimplifiedTableTest} checks
 * that the file is exactly what ICU gives (after an ICU upgrade, regenerate it with {@code
 * SimplifiedTableSource} in the test sources).
 *
 * <p>File format: {@code #} comment lines, then one line per mapped character: the Traditional
 * character, a TAB, the Simplified one, in code point order.
 */
final class SimplifiedTable {
  static final String RESOURCE = "keywords/traditional-simplified.txt";

  /** Table size: code points at or above this are never mapped. */
  static final int LIMIT = 0xA000;

  /** The prepared file is a few KB; anything larger is not ours. */
  private static final int MAX_BYTES = 256 * 1024;

  private SimplifiedTable() {}

  /** The table from {@value #RESOURCE}: index a code point, 0 where it is not mapped. */
  static char[] builtIn() {
    try (InputStream in = SimplifiedTable.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("built-in table " + RESOURCE + " is missing");
      }
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new IllegalStateException(RESOURCE + " is larger than " + MAX_BYTES + " bytes");
      }
      return parse(new String(bytes, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** The table as ICU derives it (slow: for the test and the regeneration only). */
  static char[] fromIcu() {
    char[] table = new char[LIMIT];
    Transliterator t2s = Transliterator.getInstance("Traditional-Simplified");
    for (int cp = 0x3400; cp < LIMIT; cp++) {
      if (!Character.isIdeographic(cp)) {
        continue;
      }
      String r = t2s.transliterate(String.valueOf((char) cp));
      if (r.length() == 1 && r.charAt(0) != cp) {
        table[cp] = r.charAt(0);
      }
    }
    return table;
  }

  static String render(char[] table) {
    StringBuilder out = new StringBuilder();
    out.append(
        "# Traditional to Simplified, one character each, from ICU's Traditional-Simplified\n");
    out.append("# transliterator (see SimplifiedTable). Generated: do not edit by hand.\n");
    for (int cp = 0; cp < table.length; cp++) {
      if (table[cp] != 0) {
        out.append((char) cp).append('\t').append(table[cp]).append('\n');
      }
    }
    return out.toString();
  }

  static char[] parse(String text) {
    char[] table = new char[LIMIT];
    int lineNo = 0;
    for (String line : text.split("\n", -1)) {
      lineNo++;
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.length() != 3 || line.charAt(1) != '\t' || line.charAt(0) >= LIMIT) {
        throw new IllegalStateException(RESOURCE + ":" + lineNo + ": expected 'T<TAB>S'");
      }
      table[line.charAt(0)] = line.charAt(2);
    }
    return table;
  }
}
