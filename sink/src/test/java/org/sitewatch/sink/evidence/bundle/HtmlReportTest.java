package org.sitewatch.sink.evidence.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
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
