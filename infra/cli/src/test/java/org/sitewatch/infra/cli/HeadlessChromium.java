package org.sitewatch.infra.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven by Selenium for the command line's browser tests, started as web's
 * {@code testing.Browser} starts it (that class is in web's tests, which this module does not see):
 * the Debian packages {@code chromium} and {@code chromium-driver}, nothing downloaded, the browser
 * kept off the network (no background traffic, no component updates).
 */
public final class HeadlessChromium implements AutoCloseable {
  private final ChromeDriver driver;

  /** A browser whose preferred language is {@code language} (e.g. {@code en}). */
  public HeadlessChromium(String language) {
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
        "--window-size=1200,900",
        "--lang=" + language,
        "--user-data-dir=" + tempProfile());
    options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(
                Path.of(executable("chromedriver", "/usr/bin/chromedriver")).toFile())
            .usingAnyFreePort()
            .build();
    this.driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  public WebDriver driver() {
    return driver;
  }

  public void open(String url) {
    driver.get(url);
  }

  /** The element, once it is on the page (at most {@code timeout}). */
  public WebElement await(By by, Duration timeout) {
    return new WebDriverWait(driver, timeout)
        .until(ExpectedConditions.presenceOfElementLocated(by));
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
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
