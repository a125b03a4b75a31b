package org.sitewatch.infra.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --tls-cert}/{@code --tls-key}: the HTTPS options of the commands that serve a site ({@code
 * workbench}, {@code tips}), given both or neither.
 */
public final class TlsOptions {
  @Option(
      names = "--tls-cert",
      paramLabel = "PEM",
      description = "Serve HTTPS with this PEM certificate chain (server certificate first).")
  Path certificate;

  @Option(
      names = "--tls-key",
      paramLabel = "PEM",
      description = "The certificate's private key: unencrypted PKCS#8 PEM, RSA or EC.")
  Path privateKey;

  /**
   * @throws IllegalArgumentException if only one of the two is given
   */
  public void check() {
    if ((certificate == null) != (privateKey == null)) {
      throw new IllegalArgumentException("give both --tls-cert and --tls-key, or neither");
    }
  }

  /** Whether HTTPS was asked for. */
  public boolean enabled() {
    return certificate != null;
  }

  public Path certificate() {
    return certificate;
  }

  public Path privateKey() {
    return privateKey;
  }
}
