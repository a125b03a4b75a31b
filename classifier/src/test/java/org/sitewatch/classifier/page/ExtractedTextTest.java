package org.sitewatch.classifier.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.sitewatch.classifier.ClassifierSettings;
import org.sitewatch.events.Finding;
import org.sitewatch.events.Identifier;
import org.sitewatch.events.SignalHit;

/** Text the classifier extracts carries no terminal controls; a slow page is scored in time. */
class ExtractedTextTest {
  private static final String ESC = "\u001b";
  private static final String BEL = "\u0007";

  @Test
  void controlAndBidiCharactersBecomeSpacesInEverySnippetTitleAndIdentifier() {
    String html =
        "<html><head><title>"
            + ESC
            + "]0;retitled"
            + BEL
            + " 成人视频</title>"
            + "<meta name=\"rating\" content=\"adult"
            + ESC
            + "[2J\"></head><body>"
            + "<p>成人视频 "
            + ESC
            + "[2J 在线观看 \u202Egnp.exe\u202C \u0085 QQ："
            + ESC
            + "12345678</p>"
            + "<a href=\"tencent://message/?uin=87654321\">"
            + BEL
            + "chat\u2066</a>"
            + "<p>Contact QQ：23456789"
            + ESC
            + "[0m</p></body></html>";
    PageScore score = Fixtures.classifyHtml(html);

    List<String> texts = new ArrayList<>();
    for (SignalHit s : score.signals()) {
      texts.add(s.snippet());
    }
    for (Identifier i : score.identifiers()) {
      texts.add(i.snippet());
      texts.add(i.value());
    }
    for (Finding f : score.findings()) {
      texts.add(f.snippet());
      texts.add(f.detail());
    }
    assertThat(score.signals()).isNotEmpty();
    assertThat(score.identifiers()).extracting(Identifier::value).contains("23456789");
    assertThat(texts)
        .allSatisfy(
            t ->
                assertThat(
                        t.chars().filter(c -> org.sitewatch.events.UnsafeChars.isUnsafe((char) c)))
                    .as("control characters in %s", t.replace(ESC, "<ESC>"))
                    .isEmpty());
    assertThat(
            PageClassifier.prepare(
                    new PageInput("https://x.test/", html, "text/html", java.util.Map.of()))
                .text())
        .doesNotContain(ESC, BEL, "\u202E", "\u2066", "\u0085")
        .contains("retitled");
  }

  @Test
  void aPageOverItsTimeBudgetIsScoredOnWhatRanAndSaysSo() {
    PageClassifier classifier =
        PageClassifier.load(
            ClassifierSettings.defaults().withPageTimeBudget(Duration.ofSeconds(2)));
    AtomicLong now = new AtomicLong();
    // every look at the clock finds one more second gone
    PageClassifier slow = classifier.withTicker(() -> now.getAndAdd(1_000_000_000L));
    PageScore score =
        slow.classify(
            new PageInput(
                "https://slow.test/",
                "<html><body><p>成人视频 在线观看 QQ：12345678</p></body></html>",
                "text/html",
                java.util.Map.of()));

    assertThat(score.findings())
        .anySatisfy(
            f -> {
              assertThat(f.kind()).isEqualTo(PageClassifier.TIME_BUDGET_EXCEEDED);
              assertThat(f.detail()).contains("IdentifierExtractor");
            });
    assertThat(score.identifiers()).isEmpty();
    assertThat(
            classifier
                .classify(
                    new PageInput(
                        "https://slow.test/",
                        "<html><body><p>QQ：12345678</p></body></html>",
                        "text/html",
                        java.util.Map.of()))
                .findings())
        .noneMatch(f -> f.kind().equals(PageClassifier.TIME_BUDGET_EXCEEDED));
  }
}
