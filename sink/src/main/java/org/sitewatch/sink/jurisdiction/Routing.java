package org.sitewatch.sink.jurisdiction;

import java.util.List;

/**
 * Where a lead goes: every competent bureau, and every conflict found on the way.
 *
 * @param routes one per distinct bureau, ordered by region code then bureau name
 * @param conflicts in the order found; never empty when {@code routes} is empty
 */
public record Routing(List<Route> routes, List<Conflict> conflicts) {
  public Routing {
    routes = List.copyOf(routes);
    conflicts = List.copyOf(conflicts);
    if (routes.isEmpty()
        && conflicts.stream().noneMatch(c -> c.kind() == Conflict.Kind.NO_JURISDICTION)) {
      throw new IllegalArgumentException("a routing without routes must say so as a conflict");
    }
  }
}
