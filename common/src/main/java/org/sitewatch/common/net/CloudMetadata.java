package org.sitewatch.common.net;

import java.util.Arrays;
import java.util.List;

/**
 * Addresses of cloud metadata and host-agent services: a crawler that reaches one hands a hostile
 * site the credentials of the machine it runs on. {@link SpecialAddresses} names them before any
 * other category, so that no setting that opens private ranges opens one; IPv6 forms that embed an
 * IPv4 address reach {@link #isMetadata4} through the embedding rules of {@link SpecialAddresses}.
 */
final class CloudMetadata {
  private static final List<byte[]> IPV4 =
      List.of(
          v4(169, 254, 169, 254), // AWS, GCP, Azure, Oracle, OpenStack, DigitalOcean, ...
          v4(169, 254, 170, 2), // AWS ECS task metadata
          v4(169, 254, 169, 253), // AWS DNS
          v4(169, 254, 169, 123), // AWS time sync
          v4(100, 100, 100, 200), // Alibaba Cloud
          v4(168, 63, 129, 16), // Azure WireServer (public address space)
          v4(192, 0, 0, 192)); // Oracle Cloud (legacy)

  /** {@code fd20:ce::254}: Google Cloud's metadata server over IPv6. */
  private static final byte[] GCP_V6 = {
    (byte) 0xfd, 0x20, 0x00, (byte) 0xce, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54
  };

  private CloudMetadata() {}

  static boolean isMetadata4(byte[] b) {
    for (byte[] known : IPV4) {
      if (Arrays.equals(known, b)) {
        return true;
      }
    }
    return false;
  }

  /** {@code fd00:ec2::/32} (AWS Nitro services: metadata {@code ::254}, DNS, time) and GCP's. */
  static boolean isMetadata6(byte[] b) {
    boolean aws = (b[0] & 0xff) == 0xfd && b[1] == 0x00 && b[2] == 0x0e && (b[3] & 0xff) == 0xc2;
    return aws || Arrays.equals(GCP_V6, b);
  }

  private static byte[] v4(int a, int b, int c, int d) {
    return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
  }
}
