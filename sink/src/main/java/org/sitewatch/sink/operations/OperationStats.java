package org.sitewatch.sink.operations;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Campaign figures about operations.
 *
 * @param operations how many operations (components of two or more leads) there are
 * @param leadsInOperations how many leads belong to one
 * @param largest the size of the largest operation (0 when there is none)
 * @param bySize how many operations have each size, smallest size first
 * @param ignoredIdentifiers how many identifiers are on the ignore list
 */
public record OperationStats(
    long operations,
    long leadsInOperations,
    int largest,
    Map<Integer, Long> bySize,
    long ignoredIdentifiers) {
  public OperationStats {
    bySize = Collections.unmodifiableMap(new TreeMap<>(bySize));
  }

  /** The figures as a map for a JSON object ({@code bySize} keys as text). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("operations", operations);
    m.put("leadsInOperations", leadsInOperations);
    m.put("largest", largest);
    Map<String, Long> sizes = new LinkedHashMap<>();
    bySize.forEach((size, count) -> sizes.put(Integer.toString(size), count));
    m.put("bySize", sizes);
    m.put("ignoredIdentifiers", ignoredIdentifiers);
    return m;
  }

  /** The figures as readable text. */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    sb.append("operations: ")
        .append(operations)
        .append(" (")
        .append(leadsInOperations)
        .append(" lead(s), largest ")
        .append(largest)
        .append(")\n");
    sb.append("operations by size:\n");
    if (bySize.isEmpty()) {
      sb.append("  (none)\n");
    }
    bySize.forEach(
        (size, count) -> sb.append(String.format("  %-22s %6d%n", size + " leads", count)));
    sb.append("ignored identifiers: ").append(ignoredIdentifiers).append('\n');
    return sb.toString();
  }
}
