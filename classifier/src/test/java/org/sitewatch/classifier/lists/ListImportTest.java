package org.sitewatch.classifier.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.common.digest.Sha256;

class ListImportTest {
  @TempDir Path dir;

  private Path file(String text) throws IOException {
    Path f = dir.resolve("list.txt");
    Files.writeString(f, text, StandardCharsets.UTF_8);
    return f;
  }

  @Test
  void aRejectedLineIsShownWithItsControlCharactersEscaped() throws IOException {
    Path f = file("evil\r\u001b[2J\u001b]0;pwned\u0007.example\nok.example\n");

    ListImport.Imported imported = ListImport.read(f, ListFormat.DOMAINS);

    assertThat(imported.domains()).containsExactly("ok.example");
    assertThat(imported.firstRejections()).hasSize(1);
    String reason = imported.firstRejections().get(0).reason();
    assertThat(reason).doesNotContain("\u001b", "\r", "\u0007");
    assertThat(reason).contains("evil\\u000d\\u001b[2J\\u001b]0;pwned\\u0007.example");
  }

  @Test
  void domainsFormatKeepsOneDomainPerLineAndCountsTheBadOnes() throws IOException {
    Path f =
        file(
            "# a comment\n"
                + "Adult-Videos.Example\n"
                + "\n"
                + "members.example.org   # trailing comment\n"
                + "www.vip-zone.example\n"
                + "two words.example\n"
                + "com\n"
                + "blogspot.com\n"
                + "192.0.2.7\n"
                + "bad_label-.example\n"
                + "adult-videos.example\n");

    ListImport.Imported imported = ListImport.read(f, ListFormat.DOMAINS);

    assertThat(imported.domains())
        .containsExactly("adult-videos.example", "members.example.org", "vip-zone.example");
    assertThat(imported.lines()).isEqualTo(11);
    assertThat(imported.rejected()).isEqualTo(5);
    assertThat(imported.duplicates()).isEqualTo(1);
    assertThat(imported.firstRejections())
        .extracting(ListImport.Rejection::line)
        .containsExactly(6L, 7L, 8L, 9L, 10L);
    assertThat(imported.firstRejections().get(1).reason()).contains("one label");
    assertThat(imported.firstRejections().get(2).reason()).contains("public suffix");
    assertThat(imported.firstRejections().get(3).reason()).contains("address");
    assertThat(imported.sha256()).isEqualTo(Sha256.hex(Files.readAllBytes(f)));
  }

  @Test
  void hostsFormatTakesEveryNameAfterTheAddressAndPassesOverThePreamble() throws IOException {
    Path f =
        file(
            "127.0.0.1 localhost\n"
                + "::1 localhost ip6-localhost\n"
                + "0.0.0.0 adult-videos.example\n"
                + "0.0.0.0\tcams.example   members.cams.example\n"
                + "just-a-domain.example\n"
                + "not-an-ip adult.example\n");

    ListImport.Imported imported = ListImport.read(f, ListFormat.HOSTS);

    assertThat(imported.domains())
        .containsExactly("adult-videos.example", "cams.example", "members.cams.example");
    assertThat(imported.rejected()).isEqualTo(2);
    assertThat(imported.firstRejections())
        .extracting(ListImport.Rejection::line)
        .containsExactly(5L, 6L);
  }

  @Test
  void e2guardianFormatReadsUt1StyleListsWithCommentsAndWildcards() throws IOException {
    Path f =
        file(
            "#\n# UT1 adult category\n#\n"
                + "*.adult-videos.example\n"
                + ".members-only.example\n"
                + "成人视频.example\n"
                + ".Include</etc/e2guardian/lists/other>\n");

    ListImport.Imported imported = ListImport.read(f, ListFormat.E2GUARDIAN);

    assertThat(imported.domains())
        .containsExactly(
            "adult-videos.example",
            "members-only.example",
            java.net.IDN.toASCII("成人视频") + ".example");
    assertThat(imported.rejected()).isEqualTo(1);
    assertThat(imported.firstRejections().get(0).reason()).contains("directive");
  }

  @Test
  void aLineLongerThanTheBoundIsRejectedNotCut() throws IOException {
    String longName = "a".repeat(ListImport.MAX_LINE_BYTES + 10) + ".example";
    Path f = file("ok.example\n" + longName + "\nalso-ok.example\n");

    ListImport.Imported imported = ListImport.read(f, ListFormat.DOMAINS);

    assertThat(imported.domains()).containsExactly("also-ok.example", "ok.example");
    assertThat(imported.rejected()).isEqualTo(1);
    assertThat(imported.firstRejections().get(0).reason()).contains("longer than");
  }

  @Test
  void aBinaryFileIsRefusedWithAClearError() throws IOException {
    Path f = dir.resolve("list.gz");
    Files.write(f, new byte[] {0x1f, (byte) 0x8b, 0x08, 0x00, 0x00, 0x00});

    assertThatThrownBy(() -> ListImport.read(f, ListFormat.DOMAINS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("binary file");
  }

  @Test
  void invalidUtf8IsARejectedLine() throws IOException {
    Path f = dir.resolve("list.txt");
    Files.write(f, new byte[] {'o', 'k', '.', 'e', 'x', '\n', (byte) 0xC3, 0x28, '\n'});

    ListImport.Imported imported = ListImport.read(f, ListFormat.DOMAINS);

    assertThat(imported.domains()).containsExactly("ok.ex");
    assertThat(imported.firstRejections().get(0).reason()).isEqualTo("not UTF-8 text");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "Example.COM,            example.com",
    "www.example.com,        example.com",
    "*.a.example.com,        a.example.com",
    "example.com.,           example.com",
    "a.blogspot.com,         a.blogspot.com",
    "blogspot.com,           ''",
    "co.uk,                  ''",
    "localhost,              ''",
    "10.0.0.1,               ''",
  })
  void normalisesToALowerCaseAsciiDomainAtOrUnderARegisteredDomain(String in, String out) {
    assertThat(ListImport.normalise(in).orElse("")).isEqualTo(out);
  }
}
