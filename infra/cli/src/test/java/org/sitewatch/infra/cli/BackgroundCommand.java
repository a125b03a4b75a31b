package org.sitewatch.infra.cli;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code sitewatch} command that runs until Ctrl-C ({@code workbench}, {@code up}, {@code demo
 * --serve}), run on its own thread through the real entry point; {@link #stop} interrupts it as the
 * shutdown hook does and returns the exit code.
 */
public final class BackgroundCommand implements AutoCloseable {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private final Thread thread;

  private BackgroundCommand(String... args) {
    thread =
        new Thread(
            () -> {
              try {
                exit.complete(
                    SitewatchCommand.execute(
                        args,
                        new ByteArrayInputStream(new byte[0]),
                        new PrintWriter(out, true),
                        new PrintWriter(err, true)));
              } catch (Throwable t) {
                exit.completeExceptionally(t);
              }
            },
            "sitewatch-under-test");
  }

  public static BackgroundCommand start(String... args) {
    BackgroundCommand c = new BackgroundCommand(args);
    c.thread.start();
    return c;
  }

  /**
   * Waits until the output has a match of {@code regex} and returns its first group (or the whole
   * match); fails early if the command ends first.
   */
  public String awaitOutput(String regex, Duration timeout) {
    Pattern p = Pattern.compile(regex);
    String[] found = new String[1];
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              Matcher m = p.matcher(out.toString());
              if (m.find()) {
                found[0] = m.groupCount() > 0 ? m.group(1) : m.group();
                return true;
              }
              if (exit.isDone()) {
                throw new AssertionError(
                    "the command ended ("
                        + exit.get()
                        + ") before printing "
                        + regex
                        + ":\n"
                        + this);
              }
              return false;
            });
    return found[0];
  }

  public String out() {
    return out.toString();
  }

  public String err() {
    return err.toString();
  }

  /** Interrupts the command (what Ctrl-C does) and waits for its exit code. */
  public int stop(Duration timeout) throws Exception {
    thread.interrupt();
    return exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws Exception {
    if (!exit.isDone()) {
      stop(Duration.ofSeconds(60));
    }
  }

  @Override
  public String toString() {
    return "out:\n" + out + "\nerr:\n" + err;
  }
}
