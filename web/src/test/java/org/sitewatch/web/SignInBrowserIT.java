package org.sitewatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.sitewatch.web.account.Role;
import org.sitewatch.web.testing.Browser;
import org.sitewatch.web.testing.Workbench;

class SignInBrowserIT {
  static Workbench workbench;

  @BeforeAll
  static void start() {
    workbench = Workbench.start();
    workbench.account("ana", Role.ANALYST, Workbench.BEIJING);
    workbench.lead("alpha-shop.test", 0.9, Workbench.BEIJING);
    workbench.lead("beta-shop.test", 0.8, Workbench.SHANGHAI);
  }

  @AfterAll
  static void stop() throws Exception {
    workbench.close();
  }

  @Test
  void anAnalystSignsInAndSeesOnlyTheLeadsOfHerBureauInTheQueue() {
    try (Browser browser = new Browser(workbench)) {
      browser.open("/queue");
      assertThat(browser.driver().getCurrentUrl()).contains("/login");
      browser.signIn("ana");
      assertThat(browser.driver().getCurrentUrl()).endsWith("/queue");
      assertThat(browser.find(By.linkText("alpha-shop.test")).isDisplayed()).isTrue();
      assertThat(browser.findAll(By.linkText("beta-shop.test"))).isEmpty();
    }
  }

  @Test
  void aWrongPasswordIsRefusedWithoutSayingWhichPartWasWrong() {
    try (Browser browser = new Browser(workbench)) {
      browser.signIn("ana", "not the password");
      assertThat(browser.find(By.cssSelector("p.error")).getText())
          .isEqualTo("Wrong name or password.");
      browser.signIn("nobody", "not the password");
      assertThat(browser.find(By.cssSelector("p.error")).getText())
          .isEqualTo("Wrong name or password.");
    }
  }

  @Test
  void aBrowserHandedToTheNextTestIsSignedOutAndOnItsDefaultWindowSize() {
    String session;
    try (Browser first = new Browser(workbench)) {
      first.signIn("ana");
      assertThat(first.driver().getCurrentUrl()).endsWith("/queue");
      first.driver().manage().window().setSize(new Dimension(390, 800));
      session = first.session();
    }
    try (Browser next = new Browser(workbench)) {
      assertThat(next.session()).as("the same Chromium, handed on").isEqualTo(session);
      assertThat(next.driver().manage().window().getSize().getWidth()).isEqualTo(1400);
      next.open("/queue");
      assertThat(next.driver().getCurrentUrl()).contains("/login");
    }
  }
}
