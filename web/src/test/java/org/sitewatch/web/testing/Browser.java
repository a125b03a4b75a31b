package org.sitewatch.web.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoAlertPresentException;
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
 *
 * <p>Starting Chromium and its driver costs seconds (3-5 s on a loaded 2-core machine, and its
 * first page another 1-2 s), so a closed browser is not quit but handed to the next test that asks
 * for one with the same language and script setting, after {@link #close} has cleared what a test
 * could leave behind: every cookie and cached response, the storage of the site it was opened on,
 * extra windows, an open alert, a changed window size. A test sees the same browser state as with a
 * new profile. The browsers still idle are quit when the test JVM exits.
 */
public final class Browser implements AutoCloseable {
  private static final int WIDTH = 1400;
  private static final int HEIGHT = 1000;
  private static final Duration PAGE_LOAD = Duration.ofSeconds(20);

  /** Idle browsers by profile, and every browser started (to quit them all at exit). */
  private static final Map<Profile, Deque<ChromeDriver>> IDLE = new HashMap<>();

  private static final Set<ChromeDriver> STARTED = new HashSet<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(Browser::quitAll, "browser-pool-quit"));
  }

  /** What a browser is started with and cannot change afterwards. */
  private record Profile(String language, boolean javascript) {}

  private final Profile profile;
  private final ChromeDriver driver;
  private final java.net.URI base;
  private boolean closed;

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
    this.profile = new Profile(language, javascript);
    this.driver = take(profile);
  }

  private static ChromeDriver take(Profile profile) {
    synchronized (IDLE) {
      Deque<ChromeDriver> idle = IDLE.get(profile);
      if (idle != null && !idle.isEmpty()) {
        return idle.pop();
      }
    }
    ChromeDriver started = start(profile);
    synchronized (IDLE) {
      STARTED.add(started);
    }
    return started;
  }

  private static ChromeDriver start(Profile profile) {
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
        "--window-size=" + WIDTH + "," + HEIGHT,
        "--lang=" + profile.language(),
        "--user-data-dir=" + tempProfile());
    options.setExperimentalOption(
        "prefs",
        java.util.Map.of(
            "intl.accept_languages",
            profile.language(),
            "profile.managed_default_content_settings.javascript",
            profile.javascript() ? 1 : 2));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(
                Path.of(executable("chromedriver", "/usr/bin/chromedriver")).toFile())
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(PAGE_LOAD);
    return driver;
  }

  /** The browser's WebDriver session (the same id for a browser handed on by {@link #close}). */
  public String session() {
    return driver.getSessionId().toString();
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

  /**
   * Hands the browser to the next test, cleared; a browser that cannot be cleared (it crashed, a
   * page hangs) is quit instead.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    boolean cleared = false;
    try {
      clear();
      cleared = true;
    } catch (RuntimeException e) {
      // not reusable: quit below
    }
    synchronized (IDLE) {
      if (cleared) {
        IDLE.computeIfAbsent(profile, p -> new ArrayDeque<>()).push(driver);
        return;
      }
      STARTED.remove(driver);
    }
    quit(driver);
  }

  private void clear() {
    try {
      driver.switchTo().alert().dismiss();
    } catch (NoAlertPresentException e) {
      // none open
    }
    List<String> windows = new ArrayList<>(driver.getWindowHandles());
    for (String w : windows.subList(1, windows.size())) {
      driver.switchTo().window(w).close();
    }
    driver.switchTo().window(windows.get(0));
    driver.get("about:blank");
    driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
    driver.executeCdpCommand("Network.clearBrowserCache", Map.of());
    String origin = base.getScheme() + "://" + base.getRawAuthority();
    driver.executeCdpCommand(
        "Storage.clearDataForOrigin", Map.of("origin", origin, "storageTypes", "all"));
    driver.manage().window().setSize(new Dimension(WIDTH, HEIGHT));
    driver.manage().timeouts().pageLoadTimeout(PAGE_LOAD);
  }

  private static void quitAll() {
    List<ChromeDriver> all;
    synchronized (IDLE) {
      all = new ArrayList<>(STARTED);
      STARTED.clear();
      IDLE.clear();
    }
    all.forEach(Browser::quit);
  }

  private static void quit(ChromeDriver driver) {
    try {
      driver.quit();
    } catch (RuntimeException e) {
      // already gone
    }
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
