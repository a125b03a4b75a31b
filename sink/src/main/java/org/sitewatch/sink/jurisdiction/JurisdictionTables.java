package org.sitewatch.sink.jurisdiction;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.sitewatch.common.region.Provinces;
import org.sitewatch.common.region.RegionCodes;

/**
 * The operator-supplied tables routing rests on: the bureau directory (region code to bureau),
 * address ranges (CIDR to region code) and registrant data (site to region code). Immutable;
 * validated at load, every error naming file and line.
 */
public final class JurisdictionTables {
  static final List<String> BUREAU_HEADER = List.of("region_code", "bureau_name", "contact");
  static final List<String> RANGE_HEADER = List.of("cidr", "region_code");
  static final List<String> REGISTRANT_HEADER = List.of("site", "region_code", "source");

  static final String SAMPLE_BUREAUS = "jurisdiction/sample-bureaus.csv";
  static final String SAMPLE_RANGES = "jurisdiction/sample-ranges.csv";

  /** A registrant record: the region and who says so. */
  record Registrant(String site, String regionCode, String source) {}

  private record Range(AddressRange range, String regionCode) {}

  private final Map<String, Bureau> bureaus;
  private final List<Range> ranges;
  private final Map<String, List<Registrant>> registrants;
  private final String description;

  private JurisdictionTables(
      Map<String, Bureau> bureaus,
      List<Range> ranges,
      Map<String, List<Registrant>> registrants,
      String description) {
    this.bureaus = Map.copyOf(bureaus);
    List<Range> sorted = new ArrayList<>(ranges);
    // Longest prefix first, so the most specific range wins.
    sorted.sort(Comparator.comparingInt((Range r) -> -r.range().prefix()));
    this.ranges = List.copyOf(sorted);
    this.registrants = Map.copyOf(registrants);
    this.description = description;
  }

  /** The demo tables shipped with the sink: a few fictional bureaus, loopback ranges only. */
  public static JurisdictionTables sample() {
    return new JurisdictionTables(
        bureaus(SAMPLE_BUREAUS, resource(SAMPLE_BUREAUS)),
        ranges(SAMPLE_RANGES, resource(SAMPLE_RANGES)),
        Map.of(),
        "sample directory and ranges (demo only), no registrant data");
  }

  /**
   * Loads the operator's tables. An absent bureau directory or range table falls back to the sample
   * shipped for the demo; absent registrant data means none.
   *
   * @throws JurisdictionTableException if a file cannot be read or a row is invalid
   */
  public static JurisdictionTables load(
      Optional<Path> bureaus, Optional<Path> ranges, Optional<Path> registrants) {
    Objects.requireNonNull(bureaus, "bureaus");
    Objects.requireNonNull(ranges, "ranges");
    Objects.requireNonNull(registrants, "registrants");
    return new JurisdictionTables(
        bureaus
            .map(p -> bureaus(p.toString(), open(p)))
            .orElseGet(() -> bureaus(SAMPLE_BUREAUS, resource(SAMPLE_BUREAUS))),
        ranges
            .map(p -> ranges(p.toString(), open(p)))
            .orElseGet(() -> ranges(SAMPLE_RANGES, resource(SAMPLE_RANGES))),
        registrants.map(p -> registrants(p.toString(), open(p))).orElse(Map.of()),
        "bureaus "
            + bureaus.map(Path::toString).orElse("sample (demo only)")
            + ", ranges "
            + ranges.map(Path::toString).orElse("sample (demo only)")
            + ", registrants "
            + registrants.map(Path::toString).orElse("none"));
  }

  /** Which tables these are, for output that must say when the demo sample is in use. */
  public String description() {
    return description;
  }

  /** The bureau for a region: the district's, else its city's, else its province's. */
  Optional<Bureau> bureauFor(String regionCode) {
    for (String code : RegionCodes.fallback(regionCode)) {
      Bureau b = bureaus.get(code);
      if (b != null) {
        return Optional.of(b);
      }
    }
    return Optional.empty();
  }

  /** The region of the most specific range holding the address. */
  Optional<String> regionOf(String address) {
    return ranges.stream()
        .filter(r -> r.range().contains(address))
        .map(Range::regionCode)
        .findFirst();
  }

  List<Registrant> registrantsOf(String site) {
    return registrants.getOrDefault(site, List.of());
  }

  private static Map<String, Bureau> bureaus(String name, InputStream in) {
    Map<String, Bureau> out = new LinkedHashMap<>();
    for (Csv.Row row : Csv.read(name, in, BUREAU_HEADER)) {
      String code = regionCode(row, row.get(0));
      if (row.get(1).isEmpty()) {
        throw row.error("bureau_name is empty");
      }
      if (out.putIfAbsent(code, new Bureau(code, row.get(1), row.get(2))) != null) {
        throw row.error("region code " + code + " is listed twice");
      }
    }
    return out;
  }

  private static List<Range> ranges(String name, InputStream in) {
    List<Range> out = new ArrayList<>();
    for (Csv.Row row : Csv.read(name, in, RANGE_HEADER)) {
      AddressRange range;
      try {
        range = AddressRange.parse(row.get(0));
      } catch (IllegalArgumentException e) {
        throw row.error(e.getMessage());
      }
      out.add(new Range(range, regionCode(row, row.get(1))));
    }
    return out;
  }

  private static Map<String, List<Registrant>> registrants(String name, InputStream in) {
    Map<String, List<Registrant>> out = new HashMap<>();
    for (Csv.Row row : Csv.read(name, in, REGISTRANT_HEADER)) {
      String site = row.get(0).toLowerCase(java.util.Locale.ROOT);
      if (site.isEmpty()) {
        throw row.error("site is empty");
      }
      if (row.get(2).isEmpty()) {
        throw row.error("source is empty (say where the registrant data comes from)");
      }
      out.computeIfAbsent(site, s -> new ArrayList<>())
          .add(new Registrant(site, regionCode(row, row.get(1)), row.get(2)));
    }
    out.replaceAll((s, l) -> List.copyOf(l));
    return out;
  }

  private static String regionCode(Csv.Row row, String code) {
    if (!RegionCodes.valid(code)) {
      throw row.error("region code must be six digits: '" + code + "'");
    }
    if (!Provinces.known(code.substring(0, 2))) {
      throw row.error("region code " + code + " names no province");
    }
    return code;
  }

  private static InputStream open(Path path) {
    try {
      return Files.newInputStream(path);
    } catch (IOException e) {
      throw new JurisdictionTableException(path + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static InputStream resource(String name) {
    InputStream in = JurisdictionTables.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new UncheckedIOException(new IOException("missing resource " + name));
    }
    return in;
  }
}
