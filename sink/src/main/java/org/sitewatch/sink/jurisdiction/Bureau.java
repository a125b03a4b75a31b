package org.sitewatch.sink.jurisdiction;

import java.util.Objects;
import org.sitewatch.common.region.RegionCodes;

/**
 * A public-security bureau from the directory.
 *
 * @param regionCode the six-digit administrative code the directory lists it under
 * @param name its name
 * @param contact how to reach it (may be empty)
 */
public record Bureau(String regionCode, String name, String contact) {
  public Bureau {
    RegionCodes.require(regionCode);
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("bureau name must not be blank");
    }
    contact = contact == null ? "" : contact;
  }
}
