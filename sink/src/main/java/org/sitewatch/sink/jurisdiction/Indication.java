package org.sitewatch.sink.jurisdiction;

import java.util.Objects;
import org.sitewatch.common.region.RegionCodes;

/**
 * One piece of evidence for a region.
 *
 * @param basis what kind of evidence it is
 * @param regionCode the six-digit region it points to (a province points to {@code NN0000})
 * @param source what it was read from: the filing number, the address, the registrant source
 */
public record Indication(Basis basis, String regionCode, String source) {
  public Indication {
    Objects.requireNonNull(basis, "basis");
    RegionCodes.require(regionCode);
    Objects.requireNonNull(source, "source");
  }

  /** The two-digit province prefix of the region. */
  public String province() {
    return regionCode.substring(0, 2);
  }
}
