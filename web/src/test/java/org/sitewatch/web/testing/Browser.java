package org.sitewatch.web.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven by Selenium, from the Debian packages {@code chromium} and {@code
 * chromium-driver} (installed by {@code .ci/run} when missing): nothing is downloaded, and the
 * browser is kept off the network (no background traffic, no component updates).
 */
public final class Browser implements AutoCloseable {
  private final ChromeDriver driver;
  private final java.net.URI base;

  public Browser(Workbench workbench) {
    this(workbench, "en");
  }

  /** A browser whose preferred language is {@code language} (e.g. {@code zh-CN}). */
  public Browser(Workbench workbench, String language) {
    this(workbench.url(), language, true);
  }

  /**
   * A browser on another server at {@code base} (e.g. the public tip-off site), with JavaScript on
   * or off.
   */
  public Browser(java.net.URI base, String language, boolean javascript) {
    this.base = base;
    ChromeOptions options = new ChromeOptions();
    options.setBinary(executable("chromium", "/usr/bin/chromium"));
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1400,1000",
        "--lang=" + language,
        "--user-data-dir=" + tempProfile());
    options.setExperimentalOption(
        "prefs",
        java.util.Map.of(
            "intl.accept_languages",
            language,
            "profile.managed_default_content_settings.javascript",
            javascript ? 1 : 2));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(
                Path.of(executable("chromedriver", "/usr/bin/chromedriver")).toFile())
            .usingAnyFreePort()
            .build();
    this.driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
  }

  public WebDriver driver() {
    return driver;
  }

  public void open(String path) {
    driver.get(base.resolve(path).toString());
  }

  /** Signs in through the form and waits for the page after it. */
  public void signIn(String name) {
    signIn(name, Workbench.PASSWORD);
  }

  public void signIn(String name, String password) {
    open("/login");
    driver.findElement(By.name("username")).sendKeys(name);
    driver.findElement(By.name("password")).sendKeys(password);
    driver.findElement(By.cssSelector("form button[type=submit]")).click();
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(
            d ->
                !d.getCurrentUrl().endsWith("/login")
                    || !d.findElements(By.cssSelector("p.error")).isEmpty());
  }

  public WebElement find(By by) {
    return new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(ExpectedConditions.presenceOfElementLocated(by));
  }

  public List<WebElement> findAll(By by) {
    return driver.findElements(by);
  }

  /** Saves a screenshot (PNG) of the current page. */
  public void screenshot(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
  }

  private static String executable(String name, String fallback) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return fallback;
  }

  private static String tempProfile() {
    try {
      return Files.createTempDirectory("chromium-profile").toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
