package org.sitewatch.infra.cli.workbench;

import io.javalin.util.JavalinBindException;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.sitewatch.infra.stage.Closer;
import org.sitewatch.web.WorkbenchServer;
import org.sitewatch.web.account.Accounts;

/**
 * A workbench the command line serves ({@code workbench}, {@code up}, {@code demo --serve}) with
 * what it owns besides the server (a connection pool, a crawl-request producer): closing stops the
 * server first, then those, in reverse order.
 */
public final class ServedWorkbench implements AutoCloseable {
  private final WorkbenchServer server;
  private final Deque<AutoCloseable> owned = new ArrayDeque<>();

  private ServedWorkbench(WorkbenchServer server, List<AutoCloseable> owned) {
    this.server = server;
    owned.forEach(this.owned::push);
  }

  /**
   * Starts the builder's server. {@code owned} is closed with it, also when it fails to start.
   *
   * @throws IllegalArgumentException if the port is taken or the address cannot be bound
   */
  public static ServedWorkbench start(WorkbenchServer.Builder builder, List<AutoCloseable> owned) {
    WorkbenchServer server;
    try {
      server = builder.build().start();
    } catch (RuntimeException e) {
      Deque<AutoCloseable> resources = new ArrayDeque<>();
      owned.forEach(resources::push);
      Closer.closeAll(resources, e);
      if (e instanceof JavalinBindException) {
        throw new IllegalArgumentException("the workbench cannot listen: " + e.getMessage(), e);
      }
      throw e;
    }
    return new ServedWorkbench(server, owned);
  }

  /** The address to open in a browser. */
  public URI url() {
    return server.url();
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
