package org.sitewatch.sink.tips;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Whether a reported address is a public one (a first look; the crawler's address guard decides
 * when it connects).
 */
final class PublicAddresses {
  private PublicAddresses() {}

  static boolean isPublic(InetAddress a) {
    if (a.isAnyLocalAddress()
        || a.isLoopbackAddress()
        || a.isLinkLocalAddress()
        || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return false;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet6Address) {
      return (b[0] & 0xfe) != 0xfc;
    }
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    return first != 0 && first < 224 && !(first == 100 && (second & 0xc0) == 64);
  }
}
