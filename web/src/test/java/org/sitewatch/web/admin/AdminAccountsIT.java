package org.sitewatch.web.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.sitewatch.web.account.Account;
import org.sitewatch.web.account.Role;
import org.sitewatch.web.account.Viewer;
import org.sitewatch.web.testing.Browser;
import org.sitewatch.web.testing.WebClient;
import org.sitewatch.web.testing.WebClient.Response;
import org.sitewatch.web.testing.Workbench;

/** The admins' accounts page: in a real browser for the whole story, over HTTP for the details. */
class AdminAccountsIT {
  private static final Pattern SECRET =
      Pattern.compile("<code class=\"secret-value\">([^<]+)</code>");
  static Workbench workbench;

  @BeforeAll
  static void start() {
    workbench = Workbench.start();
    workbench.account("ada", Role.ADMIN);
    workbench.account("rita", Role.ANALYST, Workbench.BEIJING);
    workbench.lead("alpha-shop.test", 0.9, Workbench.BEIJING);
  }

  @AfterAll
  static void stop() throws Exception {
    workbench.close();
  }

  @Test
  void anAdminAddsAnAccountGivesItAPasswordAndDisablesItWhileItIsSignedIn() {
    try (Browser admin = new Browser(workbench);
        Browser newcomer = new Browser(workbench)) {
      admin.signIn("ada");
      admin.find(By.linkText("Accounts")).click();
      admin.find(By.name("name")).sendKeys("newbie");
      new Select(admin.find(By.name("role"))).selectByValue("ANALYST");
      admin.find(By.name("bureaus")).sendKeys(Workbench.BEIJING);
      admin.find(By.cssSelector("form.add-account button[type=submit]")).click();
      By row = By.cssSelector("tr[data-account='newbie']");
      assertThat(admin.find(row).getText()).contains("analyst", Workbench.BEIJING, "no password");

      admin
          .find(By.cssSelector("tr[data-account='newbie'] button[value='reset-password']"))
          .click();
      accept(admin);
      String password = admin.find(By.cssSelector("code.secret-value")).getText();
      assertThat(password).matches("[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){4}");

      newcomer.signIn("newbie", password);
      assertThat(newcomer.driver().getCurrentUrl()).endsWith("/queue");
      assertThat(newcomer.find(By.linkText("alpha-shop.test")).isDisplayed()).isTrue();

      admin.open("/admin/accounts");
      assertThat(admin.driver().getPageSource()).as("shown once").doesNotContain(password);
      admin.find(By.cssSelector("tr[data-account='newbie'] button[value='disable']")).click();
      accept(admin);
      new WebDriverWait(admin.driver(), Duration.ofSeconds(10))
          .until(
              ExpectedConditions.textToBePresentInElementLocated(
                  By.cssSelector("tr[data-account='newbie'] td.state"), "disabled"));

      newcomer.open("/queue");
      assertThat(newcomer.driver().getCurrentUrl()).contains("/login");
      assertThat(workbench.accounts().find("newbie").orElseThrow().disabled()).isTrue();
    }
  }

  @Test
  void everyChangeIsLoggedUnderTheSignedInAdmin() {
    WebClient ada = new WebClient(workbench);
    ada.signIn("ada");
    Response added =
        ada.post(
            "/admin/accounts",
            ada.form(
                "name",
                "logged",
                "role",
                "SUPERVISOR",
                "bureaus",
                "110000, 310000",
                "password",
                "first password 1"));
    assertThat(added.status()).isEqualTo(303);
    Account account = workbench.accounts().find("logged").orElseThrow();
    assertThat(account.role()).isEqualTo(Role.SUPERVISOR);
    assertThat(account.bureaus()).containsExactlyInAnyOrder("110000", "310000");

    String password = secret(ada.post("/admin/accounts/logged/reset-password", ada.form()));
    WebClient logged = new WebClient(workbench);
    assertThat(logged.signIn("logged", "first password 1").status()).isEqualTo(401);
    assertThat(logged.signIn("logged", password).status()).isEqualTo(303);

    String token = secret(ada.post("/admin/accounts/logged/token", ada.form()));
    assertThat(token).startsWith("swt_");
    assertThat(workbench.accounts().byToken(token).map(Viewer::name)).contains("logged");

    assertThat(ada.post("/admin/accounts/logged/disable", ada.form()).status()).isEqualTo(303);
    assertThat(workbench.accounts().byToken(token)).as("revoked").isEmpty();
    assertThat(logged.get("/queue").status()).isEqualTo(302);

    String page = ada.get("/admin/accounts").body();
    assertThat(page).contains("<td>ada</td><td>logged</td><td>TOKEN_ISSUED</td>");
    assertThat(page).as("the token is shown once").doesNotContain(token);
    assertThat(log("logged"))
        .containsExactly("ada ADDED", "ada PASSWORD_SET", "ada TOKEN_ISSUED", "ada DISABLED");
  }

  @Test
  void aPasswordResetEndsTheAccountsSessions() {
    WebClient rita = new WebClient(workbench);
    rita.signIn("rita");
    assertThat(rita.get("/queue").status()).isEqualTo(200);
    WebClient ada = new WebClient(workbench);
    ada.signIn("ada");
    String password = secret(ada.post("/admin/accounts/rita/reset-password", ada.form()));
    assertThat(rita.get("/queue").status()).isEqualTo(302);
    assertThat(rita.signIn("rita", password).status()).isEqualTo(303);
  }

  @Test
  void badInputIsRefusedWithTheReasonAndChangesNothing() {
    WebClient ada = new WebClient(workbench);
    ada.signIn("ada");
    Response badBureau =
        ada.post(
            "/admin/accounts",
            ada.form("name", "wrong-bureau", "role", "ANALYST", "bureaus", "beijing"));
    assertThat(badBureau.status()).isEqualTo(400);
    assertThat(badBureau.body()).contains("six-digit region code");
    Response noBureau =
        ada.post("/admin/accounts", ada.form("name", "no-bureau", "role", "ANALYST"));
    assertThat(noBureau.status()).isEqualTo(400);
    Response taken = ada.post("/admin/accounts", ada.form("name", "rita", "role", "AUDITOR"));
    assertThat(taken.status()).isEqualTo(400);
    assertThat(taken.body()).contains("exists");
    Response badRole =
        ada.post(
            "/admin/accounts",
            ada.form("name", "bad-role", "role", "OWNER", "bureaus", Workbench.BEIJING));
    assertThat(badRole.status()).isEqualTo(400);
    assertThat(ada.post("/admin/accounts/ada/disable", ada.form()).status()).isEqualTo(400);
    assertThat(ada.post("/admin/accounts/nobody/disable", ada.form()).status()).isEqualTo(404);
    assertThat(ada.post("/admin/accounts/nobody/token", ada.form()).status()).isEqualTo(404);

    assertThat(workbench.accounts().list())
        .extracting(Account::name)
        .doesNotContain("wrong-bureau", "no-bureau", "bad-role");
    assertThat(workbench.accounts().find("ada").orElseThrow().disabled()).isFalse();
    assertThat(workbench.accounts().find("rita").orElseThrow().role()).isEqualTo(Role.ANALYST);
  }

  private static void accept(Browser b) {
    new WebDriverWait(b.driver(), Duration.ofSeconds(10))
        .until(ExpectedConditions.alertIsPresent())
        .accept();
  }

  private static String secret(Response r) {
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Cache-Control")).contains("no-store");
    Matcher m = SECRET.matcher(r.body());
    assertThat(m.find()).as("the secret on the page").isTrue();
    return m.group(1);
  }

  private static List<String> log(String account) {
    List<String> out = new ArrayList<>();
    try (Connection c = workbench.databases().admin().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT actor, action FROM workbench_account_log WHERE account = ? ORDER BY id")) {
      s.setString(1, account);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1) + " " + rs.getString(2));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }
}
