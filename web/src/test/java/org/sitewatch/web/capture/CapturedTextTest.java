package org.sitewatch.web.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sitewatch.events.SignalHit;

class CapturedTextTest {
  static Capture.Read html(String html) {
    return new Capture.Read(200, "text/html", "UTF-8", html, false, List.of());
  }

  @Test
  void theVisibleTextIsTitleMetaAndBodyWithoutScriptsOrStyles() {
    String text =
        CapturedText.visible(
            html(
                "<html><head><title>Shop</title><meta name=description content=\"all day\">"
                    + "<style>p{color:red}</style><script>var secret=1</script></head>"
                    + "<body><p>Hello <b>there</b></p><script>var x=2</script></body></html>"));
    assertThat(text).isEqualTo("Shop\nall day\nHello there");
  }

  @Test
  void snippetsAreCutAtTheirSeparatorsAndEllipsesAndMarkedWhereverTheyOccur() {
    List<String> terms =
        CapturedText.terms(
            List.of(
                new SignalHit("kw.a", "explicit", 0.5, 2, "…open VIP now… | …VIP members…", "u"),
                new SignalHit("kw.b", "profit", 0.2, 1, "x", "u")));
    assertThat(terms).containsExactly("open VIP now", "VIP members");
    List<CapturedText.Segment> segments =
        CapturedText.segments("Please OPEN vip now. Our VIP members see more.", terms);
    assertThat(segments)
        .containsExactly(
            new CapturedText.Segment("Please ", false),
            new CapturedText.Segment("OPEN vip now", true),
            new CapturedText.Segment(". Our ", false),
            new CapturedText.Segment("VIP members", true),
            new CapturedText.Segment(" see more.", false));
  }

  @Test
  void markupInTheTextStaysTextInTheSegments() {
    String payload = "<script>window.__pwned=1</script>";
    List<CapturedText.Segment> segments = CapturedText.segments("see " + payload, List.of(payload));
    assertThat(segments).extracting(CapturedText.Segment::text).containsExactly("see ", payload);
  }
}
