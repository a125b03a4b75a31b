package org.sitewatch.crawler.net;

import java.net.UnknownHostException;

/**
 * Thrown by the crawler's resolver when a host resolves to an address the address policy refuses,
 * or when a host may not be resolved at all. It is an {@link UnknownHostException} so that the HTTP
 * client gives up on the host exactly as if DNS had failed, before any connection is opened.
 */
public final class RefusedAddressException extends UnknownHostException {
  public RefusedAddressException(String reason) {
    super(reason);
  }
}
