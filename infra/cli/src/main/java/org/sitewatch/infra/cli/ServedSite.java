package org.sitewatch.infra.cli;

import io.javalin.util.JavalinBindException;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.sitewatch.infra.stage.Closer;
import org.sitewatch.web.WorkbenchServer;
import org.sitewatch.web.account.Accounts;
import org.sitewatch.web.publicsite.TipSiteServer;

/**
 * A web server the command line serves (the workbench: {@code workbench}, {@code up}, {@code demo
 * --serve}; the public tip-off site: {@code tips}, {@code up --tips-port}) with what it owns
 * besides the server (a connection pool, a crawl-request producer): closing stops the server first,
 * then those, in reverse order.
 */
public final class ServedSite implements AutoCloseable {
  private final AutoCloseable server;
  private final Supplier<URI> url;
  private final Deque<AutoCloseable> owned = new ArrayDeque<>();

  private ServedSite(AutoCloseable server, Supplier<URI> url, List<AutoCloseable> owned) {
    this.server = server;
    this.url = url;
    owned.forEach(this.owned::push);
  }

  /**
   * Starts the builder's workbench. {@code owned} is closed with it, also when it fails to start.
   *
   * @throws IllegalArgumentException if the port is taken or the address cannot be bound
   */
  public static ServedSite start(WorkbenchServer.Builder builder, List<AutoCloseable> owned) {
    WorkbenchServer server = start("the workbench", () -> builder.build().start(), owned);
    return new ServedSite(server, server::url, owned);
  }

  /**
   * Starts the builder's public tip-off site. {@code owned} is closed with it, also when it fails
   * to start.
   *
   * @throws IllegalArgumentException if the port is taken or the address cannot be bound
   */
  public static ServedSite start(TipSiteServer.Builder builder, List<AutoCloseable> owned) {
    TipSiteServer server = start("the public site", () -> builder.build().start(), owned);
    return new ServedSite(server, server::url, owned);
  }

  private static <S> S start(String what, Supplier<S> starter, List<AutoCloseable> owned) {
    try {
      return starter.get();
    } catch (RuntimeException e) {
      Deque<AutoCloseable> resources = new ArrayDeque<>();
      owned.forEach(resources::push);
      Closer.closeAll(resources, e);
      if (e instanceof JavalinBindException) {
        throw new IllegalArgumentException(what + " cannot listen: " + e.getMessage(), e);
      }
      throw e;
    }
  }

  /** The address to open in a browser. */
  public URI url() {
    return url.get();
  }

  /**
   * Prints how to add a first account when there is none ({@code target}: the options that reach
   * this workbench's database from another command, e.g. {@code --config DIR/analyst-login...}).
   */
  public static void printAccountHint(PrintWriter out, Accounts accounts, String target) {
    if (accounts.list().isEmpty()) {
      out.printf(
          "sitewatch: no workbench account yet; add one (the password is read from standard"
              + " input):%n  sitewatch user add NAME --role admin --password-stdin %s%n",
          target);
    }
  }

  /** Whether {@code address} reaches this machine only. */
  public static boolean isLoopback(String address) {
    return address.equals("localhost") || address.startsWith("127.") || address.equals("::1");
  }

  @Override
  public void close() {
    Deque<AutoCloseable> all = new ArrayDeque<>(owned);
    all.push(server);
    Closer.closeAll(all, null);
  }
}
