package org.sitewatch.web.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.sitewatch.sink.workflow.ActionRequest;
import org.sitewatch.sink.workflow.LeadAction;
import org.sitewatch.sink.workflow.LeadWorkflow;
import org.sitewatch.web.account.Role;
import org.sitewatch.web.testing.Browser;
import org.sitewatch.web.testing.SignedInHttp;
import org.sitewatch.web.testing.Workbench;

class DashboardIT {
  static Workbench workbench;

  @BeforeAll
  static void start() {
    workbench = Workbench.start();
    workbench.account("ana", Role.ANALYST, Workbench.BEIJING);
    workbench.account("root", Role.ADMIN);
    long beijing = workbench.lead("alpha-shop.test", 0.9, Workbench.BEIJING).id();
    workbench.lead("beta-shop.test", 0.7, Workbench.BEIJING);
    long shanghai = workbench.lead("gamma-shop.test", 0.9, Workbench.SHANGHAI).id();
    workbench.lead("delta-shop.test", 0.8, Workbench.SHANGHAI);
    workbench.lead("eps-shop.test", 0.6, Workbench.SHANGHAI);
    LeadWorkflow workflow = new LeadWorkflow(workbench.databases().analyst(), Clock.systemUTC());
    for (long lead : List.of(beijing, shanghai)) {
      workflow.perform(lead, LeadAction.TRIAGE, ActionRequest.by("ana"));
      workflow.perform(lead, LeadAction.CONFIRM, ActionRequest.by("ana"));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    workbench.close();
  }

  @Test
  void theStatsApiCountsOnlyTheLeadsTheCallerMaySee() throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode ana = json.readTree(SignedInHttp.signIn(workbench, "ana").get("/api/stats").body());
    assertThat(ana.get("leads").asLong()).isEqualTo(2);
    assertThat(ana.at("/byStatus/CONFIRMED").asLong()).isEqualTo(1);
    assertThat(ana.at("/byStatus/NEW").asLong()).isEqualTo(1);
    assertThat(ana.at("/firstFlagToConfirmation/count").asLong()).isEqualTo(1);
    assertThat(ana.get("byBureau").fieldNames()).toIterable().containsExactly("bureau 110000");

    JsonNode root = json.readTree(SignedInHttp.signIn(workbench, "root").get("/api/stats").body());
    assertThat(root.get("leads").asLong()).isEqualTo(5);
    assertThat(root.at("/firstFlagToConfirmation/count").asLong()).isEqualTo(2);
    assertThat(root.at("/byBureau/bureau 310000").asLong()).isEqualTo(3);
    assertThat(root.at("/overTime/byStatus/NEW")).hasSize(root.at("/overTime/labels").size());
  }

  @Test
  void theDashboardDrawsEveryChartInARealBrowserUnderTheContentSecurityPolicy() {
    try (Browser browser = new Browser(workbench)) {
      browser.signIn("ana");
      browser.open("/dashboard");
      WebElement root = browser.find(By.id("dashboard"));
      new WebDriverWait(browser.driver(), Duration.ofSeconds(15))
          .until(d -> !"loading".equals(root.getAttribute("data-state")));
      assertThat(root.getAttribute("data-errors")).isNull();
      assertThat(root.getAttribute("data-state")).isEqualTo("ready");
      List<WebElement> charts = browser.findAll(By.cssSelector("#dashboard [data-chart]"));
      assertThat(charts).hasSize(5);
      for (WebElement chart : charts) {
        assertThat(chart.findElements(By.cssSelector("svg, canvas")))
            .as("chart %s", chart.getAttribute("data-chart"))
            .isNotEmpty();
      }
      assertThat(browser.find(By.cssSelector(".dashboard-summary")).getText()).contains("2 leads");
      browser.screenshot(java.nio.file.Path.of("target", "screenshots", "dashboard.png"));
    }
  }
}
