package org.sitewatch.classifier.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.common.digest.Sha256;

/**
 * {@link UrlModel#parse} reads the {@code w} lines in place; these check it against a plain parse
 * (split into strings, {@link Double#parseDouble}) on the shipped model and on spellings that the
 * in-place path must leave to the general one.
 */
class UrlModelParseTest {
  private static final String HEADER =
      "format\tsitewatch-url-model 3\nbits\t12\nbias\t0.5\nvocabulary\t1\nv\tporn\t3\nweights\t1\n";

  @Test
  void theShippedModelReadsToTheWeightsOfAPlainParse() throws Exception {
    byte[] bytes;
    try (InputStream in = UrlModel.class.getClassLoader().getResourceAsStream(UrlModel.BUILT_IN)) {
      bytes = in.readAllBytes();
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    int bits = 0;
    double bias = Double.NaN;
    float[] expected = null;
    List<String> words = new ArrayList<>();
    int weightLines = 0;
    for (String line : text.split("\n", -1)) {
      String[] f = line.split("\t", -1);
      switch (f[0]) {
        case "bits" -> {
          bits = Integer.parseInt(f[1].strip());
          expected = new float[1 << bits];
        }
        case "bias" -> bias = Double.parseDouble(f[1].strip());
        case "v" -> words.add(f[1].strip());
        case "w" -> {
          expected[Integer.parseInt(f[1].strip())] = (float) Double.parseDouble(f[2].strip());
          weightLines++;
        }
        default -> {}
      }
    }

    UrlModel model = UrlModel.parse("shipped", bytes);

    assertThat(weightLines).isGreaterThan(100_000);
    assertThat(model.bits()).isEqualTo(bits);
    assertThat(model.bias()).isEqualTo(bias);
    assertThat(model.words().words()).isEqualTo(words);
    assertThat(model.version()).isEqualTo("url-model-" + Sha256.shortHex(text, 12));
    int differing = 0;
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToRawIntBits(model.weight(i)) != Float.floatToRawIntBits(expected[i])) {
        differing++;
      }
    }
    assertThat(differing).isZero();
  }

  @ParameterizedTest(name = "bucket \"{0}\" weight \"{1}\"")
  @CsvSource(
      delimiter = '|',
      ignoreLeadingAndTrailingWhitespace = false,
      value = {
        "7|0.5",
        "7|-0.5",
        "7|-2.1672",
        "7|0.0030",
        "7|49.9999",
        "7|-50",
        "7|50.0000",
        "0|1",
        "4095|1.25",
        "0007|0012.5000",
        "7|-0.0000",
        "7|0.1000000000000",
        "7|1e1",
        "7|+0.5",
        "7|.5",
        "7|5.",
        "7| 0.5",
        "7|0.5 ",
        "7|0x1p-2",
        "7|1.2345678901234567",
        "7|49.999999999999999999",
        "7|0.30000000000000004",
        "7.0|0.5",
        " 7|0.5",
        "+7|0.5",
        "-0|0.5",
        "7|0.5\texample g:porn",
        "7|0.5\t",
        "7|0.5\t中文 feature",
      })
  void everySpellingOfAWeightReadsAsParseDoubleReadsIt(String bucket, String weight) {
    String text = HEADER + "w\t" + bucket + "\t" + weight + "\n";

    UrlModel model = UrlModel.parse("m.txt", text.getBytes(StandardCharsets.UTF_8));

    String number = weight.split("\t", -1)[0].strip();
    int index = (int) Double.parseDouble(bucket.strip());
    assertThat(Float.floatToRawIntBits(model.weight(index)))
        .isEqualTo(Float.floatToRawIntBits((float) Double.parseDouble(number)));
    assertThat(model.version()).isEqualTo("url-model-" + Sha256.shortHex(text, 12));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      ignoreLeadingAndTrailingWhitespace = false,
      value = {
        "w\t7\t50.0001|m.txt:7: weight beyond",
        "w\t7\t-51|m.txt:7: weight beyond",
        "w\t7\t1e3|m.txt:7: weight beyond",
        "w\t7\t--1|m.txt:7: '--1' is not a number",
        "w\t7\t1.2.3|m.txt:7: '1.2.3' is not a number",
        "w\t7\t0.5x|m.txt:7: '0.5x' is not a number",
        "w\t7\t|m.txt:7: '' is not a number",
        "w\t7\tInfinity|m.txt:7: 'Infinity' is not a finite",
        "w\t7|m.txt:7: expected at least 3",
        "w\t4096\t0.5|m.txt:7: bucket must be an integer",
        "w\t12345678901\t0.5|m.txt:7: bucket must be an integer",
        "w\t7.5\t0.5|m.txt:7: bucket must be an integer",
        "w\t-1\t0.5|m.txt:7: bucket must be an integer",
        "w\t7\t0.5\\nw\t7\t0.25|m.txt:8: bucket 7 given twice",
        "w 7 0.5|m.txt:7: unknown line kind 'w 7 0.5'",
      })
  void aBadWeightLineIsRefusedWithTheGeneralReadersMessage(String line, String message) {
    String text = HEADER.replace("weights\t1", "weights\t2") + line.replace("\\n", "\n");

    assertThatThrownBy(() -> UrlModel.parse("m.txt", text.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message.strip());
  }

  @Test
  void aWeightBeforeTheHeaderIsRefusedEvenInPlainForm() {
    String text = "format\tsitewatch-url-model 3\nbits\t12\nw\t7\t0.5\nbias\t0\nweights\t1\n";

    assertThatThrownBy(() -> UrlModel.parse("m.txt", text.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("m.txt:3: a weight before");
  }

  @Test
  void aMalformedByteIsNamedAsTheDecodedTextIs() {
    byte[] head = HEADER.getBytes(StandardCharsets.UTF_8);
    byte[] tail = "w\t7\t0.5\t\u00e9x\n".getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[head.length + 3 + tail.length];
    System.arraycopy(head, 0, bytes, 0, head.length);
    // a comment holding a lone continuation byte: decoding replaces it with U+FFFD
    bytes[head.length] = '#';
    bytes[head.length + 1] = (byte) 0x80;
    bytes[head.length + 2] = '\n';
    System.arraycopy(tail, 0, bytes, head.length + 3, tail.length);

    UrlModel model = UrlModel.parse("m.txt", bytes);

    assertThat(model.weight(7)).isEqualTo(0.5f);
    assertThat(model.version())
        .isEqualTo("url-model-" + Sha256.shortHex(new String(bytes, StandardCharsets.UTF_8), 12))
        .isNotEqualTo("url-model-" + Sha256.hex(bytes).substring(0, 12));
  }
}
