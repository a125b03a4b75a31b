package org.sitewatch.web.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameHtmlTest {
  @Test
  void whatCouldRunNavigateOrReachTheNetworkIsTakenOut() {
    String out =
        FrameHtml.html(
            "<html><head><meta charset=gbk><meta http-equiv=refresh content=\"0;url=http://x.test/\">"
                + "<base href=http://x.test/><link rel=dns-prefetch href=//x.test>"
                + "<link rel=stylesheet href=http://x.test/a.css><script src=http://x.test/a.js></script>"
                + "<style>p{color:red}</style></head><body onload=\"go()\">"
                + "<a href=\"javascript:go()\" ping=http://x.test/p>link</a>"
                + "<img src=http://x.test/i.png onerror=go() alt=pic><img src=\"data:image/png;base64,AA==\">"
                + "<iframe src=http://x.test/></iframe><form action=http://x.test/f><button formaction=http://x.test/b>b</button></form>"
                + "<p>text stays</p></body></html>");
    assertThat(out)
        .doesNotContain("x.test")
        .doesNotContainIgnoringCase("onload")
        .doesNotContainIgnoringCase("onerror")
        .doesNotContain("javascript:")
        .doesNotContain("<script")
        .doesNotContain("<link")
        .doesNotContain("<base")
        .doesNotContain("<iframe")
        .doesNotContain("<meta http-equiv")
        .doesNotContain("refresh")
        .doesNotContain("gbk")
        .contains("<meta charset=\"utf-8\">")
        .contains("<style>p{color:red}</style>")
        .contains("data:image/png;base64,AA==")
        .contains("<a>link</a>")
        .contains("<p>text stays</p>");
  }

  @Test
  void textThatIsNotHtmlIsShownEscaped() {
    assertThat(FrameHtml.text("<script>x</script>")).contains("&lt;script&gt;x&lt;/script&gt;");
  }
}
