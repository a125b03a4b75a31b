package org.sitewatch.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link JsonText} writes exactly the bytes Jackson's own {@code writeString} writes. */
class JsonTextTest {
  /** The event mapper with annotations off: the content field goes through Jackson's own path. */
  private static final ObjectMapper JACKSON =
      Json.configure(JsonMapper.builder().disable(MapperFeature.USE_ANNOTATIONS).build());

  private static byte[] jackson(String text) throws Exception {
    byte[] quoted = JACKSON.writeValueAsBytes(text);
    return java.util.Arrays.copyOfRange(quoted, 1, quoted.length - 1);
  }

  private static String pad(String middle) {
    return "x".repeat(JsonText.MIN_LENGTH) + middle;
  }

  @Test
  void everyAsciiCharacterIsEscapedAsJacksonEscapesIt() throws Exception {
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0x80; c++) {
      all.append(c).append('a').append(c);
    }
    String text = all.toString();
    assertThat(JsonText.escapedUtf8(text)).isEqualTo(jackson(text));
  }

  @Test
  void surrogatesPairedOrAloneAreEscapedAsJacksonEscapesThem() throws Exception {
    String text =
        pad("emoji \uD83D\uDE00 lone high \uD83D. lone low \uDE00 end high \uD83D")
            + "\uDBFF\uDFFF\uD800";
    assertThat(JsonText.escapedUtf8(text)).isEqualTo(jackson(text));
  }

  /** Random text from every range, long enough to cross the encoder's chunks and Jackson's. */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
  void randomTextOfEveryRangeIsByteIdentical(int seed) throws Exception {
    Random random = new Random(seed);
    int length = 1 + random.nextInt(20_000);
    StringBuilder text = new StringBuilder(length);
    while (text.length() < length) {
      switch (random.nextInt(6)) {
        case 0 -> text.append((char) random.nextInt(0x80));
        case 1 -> text.append((char) (0x80 + random.nextInt(0x800 - 0x80)));
        case 2 -> text.append((char) (0x4e00 + random.nextInt(0x5000)));
        case 3 -> text.append((char) (0xd800 + random.nextInt(0x800))); // any surrogate
        case 4 -> text.appendCodePoint(0x10000 + random.nextInt(0x100000)); // a valid pair
        default -> text.append("<a href=\"/p/").append(random.nextInt(99)).append(".html\">");
      }
    }
    String s = text.toString();
    assertThat(JsonText.escapedUtf8(s)).isEqualTo(jackson(s));
  }

  /** Multi-byte and escaped characters on both sides of the encoder's chunk boundaries. */
  @ParameterizedTest
  @ValueSource(ints = {2046, 2047, 2048, 2049, 4095, 4096, 4097})
  void charactersAtChunkBoundariesAreByteIdentical(int at) throws Exception {
    StringBuilder text = new StringBuilder("a".repeat(at - 2));
    text.append("\u6210\uD83D\uDE00\"\u0001\u00e9\u4eba");
    text.append("\u6210".repeat(3000)); // three bytes each: the buffer must grow
    String s = text.toString();
    assertThat(JsonText.escapedUtf8(s)).isEqualTo(jackson(s));
  }

  @Test
  void aPageRecordIsByteIdenticalToJacksonsAndReadsBack() throws Exception {
    String html =
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>成人视频</title></head><body>"
            + "<p>VIP会员 \"quoted\" \\ back\tslash\r\n \uD83D\uDE00</p>".repeat(200)
            + "</body></html>";
    FetchedPage page =
        FetchedPage.builder()
            .site("example.cn")
            .requestedUrl("http://www.example.cn/")
            .status(200)
            .headers(Map.of("content-type", "text/html; charset=utf-8"))
            .fetchedAt(Instant.parse("2026-12-07T10:00:00Z"))
            .contentType("text/html")
            .charset("UTF-8")
            .content(html)
            .bodySha256("a".repeat(64))
            .bodyLength(html.getBytes(StandardCharsets.UTF_8).length)
            .outlinks(List.of("http://www.example.cn/a"))
            .build();

    byte[] fast = JsonSerde.of(FetchedPage.class).serialize("pages", page);

    assertThat(fast).isEqualTo(JACKSON.writeValueAsBytes(page));
    assertThat(JsonSerde.of(FetchedPage.class).deserialize("pages", fast)).isEqualTo(page);
  }

  @Test
  void otherGeneratorsFallBackToJacksonsOwnPath() throws Exception {
    String html = pad("<p>\"成人\" \uD83D\uDE00</p>");
    FetchedPage page =
        FetchedPage.builder()
            .site("example.cn")
            .requestedUrl("http://www.example.cn/")
            .status(200)
            .fetchedAt(Instant.parse("2026-12-07T10:00:00Z"))
            .content(html)
            .bodySha256("a".repeat(64))
            .build();

    // a Writer-based generator and a token buffer cannot take raw UTF-8
    assertThat(Json.mapper().writeValueAsString(page)).isEqualTo(JACKSON.writeValueAsString(page));
    assertThat(Json.mapper().valueToTree(page).get("content").asText()).isEqualTo(html);
  }
}
