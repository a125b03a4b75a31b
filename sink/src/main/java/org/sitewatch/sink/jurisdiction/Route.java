package org.sitewatch.sink.jurisdiction;

import java.util.List;
import java.util.Objects;
import org.sitewatch.common.region.RegionCodes;

/**
 * A bureau competent for a lead, with every basis for it.
 *
 * @param bureau the bureau
 * @param regionCode the directory code through which it was found (district, city or province)
 * @param bases the distinct bases, in {@link Basis} order
 * @param evidence the indications behind them
 */
public record Route(
    Bureau bureau, String regionCode, List<Basis> bases, List<Indication> evidence) {
  public Route {
    Objects.requireNonNull(bureau, "bureau");
    RegionCodes.require(regionCode);
    bases = List.copyOf(bases);
    evidence = List.copyOf(evidence);
    if (bases.isEmpty() || evidence.isEmpty()) {
      throw new IllegalArgumentException("a route needs at least one basis and indication");
    }
  }
}
