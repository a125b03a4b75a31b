package org.sitewatch.web.tips;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.sink.tips.TipCategory;
import org.sitewatch.sink.tips.TipChannel;
import org.sitewatch.web.view.Messages;

class TipFilterTest {
  @Test
  void withoutParametersTheQueueShowsTipsWhoseSiteWasNotFlagged() {
    assertThat(TipFilter.parse(null, null, null, null)).isEqualTo(TipFilter.DEFAULT);
    assertThat(TipFilter.DEFAULT.show()).isEqualTo(TipFilter.Show.NOT_FLAGGED);
    assertThat(TipFilter.DEFAULT.query()).isEqualTo("show=not-flagged");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "all|HOTLINE|paid-content|Example.CN|show=all&channel=HOTLINE&category=paid-content&site=example.cn",
        "action-taken|web|minors||show=action-taken&channel=WEB&category=minors",
        "nonsense|FAX|porn|<script>|show=not-flagged",
        "not-actionable|||a b|show=not-actionable"
      })
  void unknownOrMalformedPartsAreLeftOutAndTheRestRoundTrips(
      String show, String channel, String category, String site, String query) {
    TipFilter f = TipFilter.parse(show, channel, category, site);
    assertThat(f.query()).isEqualTo(query);
  }

  @Test
  void aFilterParsesBackFromItsOwnQuery() {
    TipFilter f =
        new TipFilter(
            TipFilter.Show.REVIEWING,
            Optional.of(TipChannel.WEB),
            Optional.of(TipCategory.SOLICITATION),
            Optional.of("xn--fsqu00a.xn--fiqs8s"));
    String[] parts = f.query().split("&");
    assertThat(
            TipFilter.parse(
                parts[0].substring(5),
                parts[1].substring(8),
                parts[2].substring(9),
                java.net.URLDecoder.decode(
                    parts[3].substring(5), java.nio.charset.StandardCharsets.UTF_8)))
        .isEqualTo(f);
  }

  @Test
  void anInternationalisedSiteIsLookedUpInPunycodeAsTheTipsStoreIt() {
    assertThat(TipFilter.parse(null, null, null, "例子.中国").site())
        .contains("xn--fsqu00a.xn--fiqs8s");
  }

  @Test
  void aCursorRoundTripsToTheMicrosecondAndAForgedOneIsIgnored() {
    TipCursor c = new TipCursor(Instant.parse("2026-12-07T08:00:00.123456Z"), "example.cn");
    assertThat(TipCursor.decode(c.encode())).contains(c);
    assertThat(TipCursor.decode("not base64!")).isEmpty();
    assertThat(TipCursor.decode(java.util.Base64.getUrlEncoder().encodeToString("x|y".getBytes())))
        .isEmpty();
    assertThat(TipCursor.decode("")).isEmpty();
  }

  @Test
  void theHotlineFormNamesTheLineOfEachBadUrlAndTakesAGoodTip() {
    Messages en = Messages.of(Locale.ENGLISH);
    HotlineForm bad =
        new HotlineForm("\nhttp://ok-site.com/\r\nftp://files.ok-site.com/", "minors", "", "");
    HotlineForm.Checked checked = bad.check("ana", en, false);
    assertThat(checked.report()).isEmpty();
    assertThat(checked.problems())
        .extracting(HotlineForm.Problem::message)
        .containsExactly("Line 3 (ftp://files.ok-site.com/): Only http:// and https:// addresses.");

    HotlineForm good = new HotlineForm("http://ok-site.com/\n", "minors", " seen ", " ");
    HotlineForm.Checked ok = good.check("ana", en, false);
    assertThat(ok.problems()).isEmpty();
    assertThat(ok.report().orElseThrow().enteredBy()).contains("ana");
    assertThat(ok.report().orElseThrow().contact()).isEmpty();
    assertThat(ok.report().orElseThrow().description()).isEqualTo("seen");
  }

  @Test
  void aPasteOfManyLinesIsTooManyWithoutCheckingEachLine() {
    String lines = "http://x.com/\n".repeat(HotlineForm.MAX_LINES + 1);
    HotlineForm.Checked checked =
        new HotlineForm(lines, "other", "", "").check("ana", Messages.of(Locale.ENGLISH), false);
    assertThat(checked.problems())
        .extracting(HotlineForm.Problem::message)
        .containsExactly("At most 10 different URLs per tip.");
  }
}
