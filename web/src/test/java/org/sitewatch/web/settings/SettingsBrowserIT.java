package org.sitewatch.web.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.sitewatch.web.account.Account;
import org.sitewatch.web.account.Role;
import org.sitewatch.web.testing.Browser;
import org.sitewatch.web.testing.Workbench;

class SettingsBrowserIT {
  static final Instant NOW = Instant.parse("2026-11-28T15:30:00Z");
  static Workbench workbench;

  @BeforeAll
  static void start() {
    workbench = Workbench.start(b -> b.clock(Clock.fixed(NOW, ZoneOffset.UTC)));
    workbench.account("lin", Role.ANALYST, Workbench.BEIJING);
  }

  @AfterAll
  static void stop() throws Exception {
    workbench.close();
  }

  @Test
  void theLanguageTimeZoneAndRevealSettingTakeEffectOnTheNextPageAndABadZoneIsRefused() {
    try (Browser browser = new Browser(workbench, "en")) {
      browser.signIn("lin");
      browser.open("/settings");
      assertThat(nav(browser)).isEqualTo("Queue");

      save(browser, "zh-CN", "Asia/Shanghai", true);
      assertThat(browser.find(By.cssSelector("p.saved")).getText()).isEqualTo("设置已保存。");
      assertThat(nav(browser)).isEqualTo("线索队列");
      assertThat(browser.find(By.cssSelector("time.now")).getText()).isEqualTo("2026-11-28 23:30");
      Account.Settings stored = workbench.accounts().find("lin").orElseThrow().settings();
      assertThat(stored.locale()).contains("zh-CN");
      assertThat(stored.timeZone()).contains("Asia/Shanghai");
      assertThat(stored.revealImages()).isTrue();

      save(browser, "zh-CN", "Europe/Berlin", false);
      assertThat(browser.find(By.cssSelector("time.now")).getText()).isEqualTo("2026-11-28 16:30");
      assertThat(workbench.accounts().find("lin").orElseThrow().settings().revealImages())
          .isFalse();

      save(browser, "zh-CN", "Mars/Olympus", false);
      assertThat(browser.find(By.cssSelector("p.error")).getText()).startsWith("未知时区");
      assertThat(workbench.accounts().find("lin").orElseThrow().settings().timeZone())
          .contains("Europe/Berlin");

      save(browser, "", "Europe/Berlin", false);
      assertThat(nav(browser)).isEqualTo("Queue");
    }
  }

  private static String nav(Browser browser) {
    return browser.find(By.cssSelector("header.top nav a[href='/queue']")).getText();
  }

  private static void save(Browser browser, String language, String zone, boolean reveal) {
    browser.open("/settings");
    new Select(browser.find(By.name("language"))).selectByValue(language);
    WebElement tz = browser.find(By.name("timeZone"));
    tz.clear();
    tz.sendKeys(zone);
    WebElement box = browser.find(By.name("revealImages"));
    if (box.isSelected() != reveal) {
      box.click();
    }
    WebElement form = browser.find(By.cssSelector("section.settings form"));
    form.findElement(By.cssSelector("button[type=submit]")).click();
    new org.openqa.selenium.support.ui.WebDriverWait(
            browser.driver(), java.time.Duration.ofSeconds(10))
        .until(d -> !d.findElements(By.cssSelector("p.saved, p.error")).isEmpty());
  }
}
