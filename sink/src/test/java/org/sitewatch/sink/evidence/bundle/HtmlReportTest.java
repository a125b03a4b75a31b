package org.sitewatch.sink.evidence.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.sitewatch.events.ConductReason;
import org.sitewatch.events.SiteVerdict;
import org.sitewatch.sink.evidence.EvidenceFixtures;
import org.sitewatch.sink.evidence.custody.CustodyEntry;
import org.sitewatch.sink.evidence.warc.WarcSource;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.lead.LeadEvent;
import org.sitewatch.sink.lead.LeadStatus;

class HtmlReportTest {
  static Lead lead() {
    SiteVerdict v = EvidenceFixtures.verdict("例子<b>.cn", 2);
    return new Lead(
        7,
        v.site(),
        LeadStatus.values()[0],
        v.score(),
        v.categories(),
        v.signals(),
        v.pages(),
        v.revision(),
        v.lexiconVersion(),
        EvidenceFixtures.DECIDED,
        EvidenceFixtures.DECIDED.plusSeconds(5),
        List.of("gambling & \u202e"),
        v.identifiers(),
        v.findings());
  }

  static String render() {
    Lead lead = lead();
    return HtmlReport.render(
        lead,
        List.of(new LeadEvent(lead.site(), 2, LeadEvent.Kind.values()[0], 0.8, Instant.EPOCH)),
        List.of(
            CustodyEntry.sealed(
                7,
                1,
                Instant.EPOCH,
                "sink",
                "LEAD_OPENED",
                JsonNodeFactory.instance.objectNode().put("note", "<i>'\"&"),
                CustodyEntry.GENESIS)),
        "9.9.9",
        Optional.empty(),
        BundleWarc.assemble(lead, WarcSource.NONE));
  }

  @Test
  void theReasonsBehindEachConductAreListedEscapedUnderTheirConduct() {
    Lead plain = lead();
    Lead lead =
        new Lead(
            plain.id(),
            plain.site(),
            plain.status(),
            plain.score(),
            plain.categories(),
            plain.signals(),
            plain.pages(),
            plain.revision(),
            plain.lexiconVersion(),
            plain.firstFlaggedAt(),
            plain.updatedAt(),
            List.of("for-profit", "showing-audio-video"),
            plain.identifiers(),
            plain.findings(),
            List.of(
                new ConductReason(
                    "for-profit",
                    "membership-price",
                    "会员 30 元 <script>alert(1)</script>\u202e",
                    "http://例子.cn/vip?a=1&b=2")));

    String html =
        HtmlReport.render(
            lead,
            List.of(),
            List.of(),
            "9.9.9",
            Optional.empty(),
            BundleWarc.assemble(lead, WarcSource.NONE));

    assertThat(html)
        .contains("<h2>Why these conducts</h2>")
        .contains(
            "<tr><td>for-profit</td><td>membership-price</td>"
                + "<td>会员 30 元 &lt;script&gt;alert(1)&lt;/script&gt;&lt;U+202E&gt;</td>"
                + "<td>http://例子.cn/vip?a=1&amp;b=2</td></tr>")
        .contains(
            "<tr><td>showing-audio-video</td><td></td><td>no reasons recorded</td><td></td></tr>")
        .doesNotContain("<script>")
        .doesNotContain("\u202e");
  }

  @Test
  void everyTextFromTheSiteIsEscapedAndControlCharactersShown() {
    String html = render();

    assertThat(html)
        .contains("<title>Evidence report: 例子&lt;b&gt;.cn</title>")
        .contains("&lt;script&gt;x&lt;/script&gt;")
        .doesNotContain("<script>")
        .doesNotContain("<b>")
        .contains("gambling &amp; &lt;U+202E&gt;")
        .doesNotContain("\u202e")
        .contains("&lt;i&gt;&#39;\\&quot;&amp;")
        .contains("<code>sitewatch evidence verify FILE.zip</code>.</p>\n</body>\n</html>\n");
  }
}
