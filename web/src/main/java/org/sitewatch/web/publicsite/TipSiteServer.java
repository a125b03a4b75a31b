package org.sitewatch.web.publicsite;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.sitewatch.web.crawl.CrawlRequests;
import org.sitewatch.web.http.Tls;

/**
 * The public tip-off site: an HTTP server of its own over the lead database as the tips role.
 *
 * <p>SKELETON: the builder is the contract; the server is being written.
 */
public final class TipSiteServer implements AutoCloseable {
  private final Builder b;

  private TipSiteServer(Builder b) {
    this.b = b;
  }

  /**
   * @param dataSource the lead database as the tips role ({@code db.tips-role})
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  public TipSiteServer start() {
    throw new UnsupportedOperationException("not written yet");
  }

  public int port() {
    return b.port;
  }

  /** The address to open in a browser. */
  public URI url() {
    return URI.create("http://" + b.bind + ":" + port() + "/");
  }

  @Override
  public void close() {}

  /** How to start the public site. */
  public static final class Builder {
    private final DataSource dataSource;
    private Clock clock = Clock.systemUTC();
    private String bind = "127.0.0.1";
    private int port = 8081;
    private TipSiteSettings settings = TipSiteSettings.defaults();
    private Optional<CrawlRequests> crawlRequests = Optional.empty();
    private Optional<Tls> tls = Optional.empty();

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The address to listen on (127.0.0.1 by default). */
    public Builder bind(String address) {
      this.bind = Objects.requireNonNull(address, "address");
      return this;
    }

    /** The port (8081 by default; 0 picks a free one). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0-65535: " + port);
      }
      this.port = port;
      return this;
    }

    public Builder settings(TipSiteSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * How crawl requests are sent at once (absent: the tips are recorded and the sink sends their
     * requests after {@code sink.tips.unsent-after}).
     */
    public Builder crawlRequests(CrawlRequests crawlRequests) {
      this.crawlRequests = Optional.of(crawlRequests);
      return this;
    }

    /** Serves HTTPS only, with a PEM certificate chain and its PKCS#8 PEM private key. */
    public Builder tls(Path certificatePem, Path privateKeyPem) {
      this.tls = Optional.of(Tls.fromPem(certificatePem, privateKeyPem));
      return this;
    }

    public TipSiteServer build() {
      return new TipSiteServer(this);
    }
  }
}
