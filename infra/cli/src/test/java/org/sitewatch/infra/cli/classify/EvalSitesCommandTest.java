package org.sitewatch.infra.cli.classify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.infra.cli.SitewatchCommandTest;
import org.sitewatch.infra.cli.SitewatchCommandTest.Run;

class EvalSitesCommandTest {
  private static void site(Path dir, String name, String label, String html) throws Exception {
    Path site = Files.createDirectories(dir.resolve(name));
    Files.writeString(site.resolve("conduct.txt"), label, StandardCharsets.UTF_8);
    Files.writeString(site.resolve("index.html"), html, StandardCharsets.UTF_8);
  }

  @Test
  void evalSitesReportsConductPrecisionRecallAndTheWrongSitesAsTextAndJson(@TempDir Path dir)
      throws Exception {
    Path sites = Files.createDirectories(dir.resolve("sites"));
    site(
        sites,
        "paid",
        "for-profit\n",
        "<html><body><h1>成人视频 色情 成人专区</h1><p>VIP会员 月卡 30元，支付宝扫码支付。</p></body></html>");
    site(
        sites,
        "mislabelled",
        "without-profit\n",
        "<html><body><h1>成人视频 色情 成人专区</h1><p>充值 100元 得 1000 金币。</p></body></html>");
    Path json = dir.resolve("sites.json");

    Run run =
        SitewatchCommandTest.sitewatch(
            "eval", "--sites", sites.toString(), "--json", json.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("for-profit", "recall", "mislabelled  expected [without-profit]");
    JsonNode report = org.sitewatch.events.Json.mapper().readTree(json.toFile());
    assertThat(report.get("sites").asInt()).isEqualTo(2);
    JsonNode profit = report.get("byConduct").get("for-profit");
    assertThat(profit.get("tp").asInt()).isEqualTo(1);
    assertThat(profit.get("fp").asInt()).isEqualTo(1);
    assertThat(report.get("errors")).hasSize(1);
    assertThat(report.get("errors").get(0).get("site").asText()).isEqualTo("mislabelled");
  }
}
