package org.sitewatch.sink.jurisdiction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sitewatch.common.region.Provinces;
import org.sitewatch.common.region.Provinces.Province;
import org.sitewatch.common.region.RegionCodes;
import org.sitewatch.events.Identifier;
import org.sitewatch.sink.lead.Lead;

/**
 * Routes a lead to every competent bureau. Hosting location comes from the lead's {@code server-ip}
 * identifiers through the range table; operator location from the province of its ICP filing
 * numbers ({@code icp}), the area code of its public-security filing numbers ({@code psb}) and
 * registrant data. Each indicated region goes to the directory's bureau for the district, else the
 * city, else the province; one route per distinct bureau, with every basis. Contradictions and gaps
 * are returned as {@link Conflict}s, never dropped. Pure and thread-safe.
 */
public final class JurisdictionRouter {
  private static final Pattern PSB_DIGITS = Pattern.compile("公网安备\\s*([0-9]{6})[0-9]{8}");

  /**
   * Most FILING_MISMATCH conflicts one check (ICP against ICP, public-security against
   * public-security, ICP against public-security) emits; the rest are summarised in one more.
   */
  static final int MAX_FILING_CONFLICTS = 10;

  private final JurisdictionTables tables;

  public JurisdictionRouter(JurisdictionTables tables) {
    this.tables = Objects.requireNonNull(tables, "tables");
  }

  /** The tables this router uses. */
  public JurisdictionTables tables() {
    return tables;
  }

  /** Routes one lead. */
  public Routing route(Lead lead) {
    Objects.requireNonNull(lead, "lead");
    List<Conflict> conflicts = new ArrayList<>();
    Set<Indication> indications = new LinkedHashSet<>();
    for (Identifier id : lead.identifiers()) {
      switch (id.type()) {
        case "icp" -> icp(id, indications, conflicts);
        case "psb" -> psb(id, indications, conflicts);
        case "server-ip" -> hosting(id, indications, conflicts);
        default -> {}
      }
    }
    for (JurisdictionTables.Registrant r : tables.registrantsOf(lead.site())) {
      indications.add(new Indication(Basis.REGISTRANT, r.regionCode(), r.source()));
    }
    dedupe(conflicts);
    compare(List.copyOf(indications), conflicts);
    List<Route> routes = routes(List.copyOf(indications), conflicts);
    if (routes.isEmpty()) {
      conflicts.add(
          new Conflict(
              Conflict.Kind.NO_JURISDICTION,
              indications.isEmpty()
                  ? "no jurisdiction found: no server address in the range table, no ICP or"
                      + " public-security filing number, no registrant data"
                  : "no jurisdiction found: no indicated region has a bureau in the directory"));
    }
    return new Routing(routes, conflicts);
  }

  private static void icp(Identifier id, Set<Indication> out, List<Conflict> conflicts) {
    Optional<String> code =
        Optional.ofNullable(id.attributes().get("provinceCode"))
            .filter(Provinces::known)
            .or(
                () ->
                    Optional.ofNullable(id.attributes().get("province"))
                        .flatMap(Provinces::byName)
                        .map(Province::code))
            .or(() -> Provinces.byAbbreviation(id.value().charAt(0)).map(Province::code));
    if (code.isEmpty()) {
      conflicts.add(
          new Conflict(
              Conflict.Kind.UNREADABLE_INDICATION,
              "ICP filing " + id.value() + " names no known province"));
      return;
    }
    out.add(new Indication(Basis.ICP_PROVINCE, code.get() + "0000", id.value()));
  }

  private static void psb(Identifier id, Set<Indication> out, List<Conflict> conflicts) {
    String area = id.attributes().get("areaCode");
    if (area == null) {
      Matcher m = PSB_DIGITS.matcher(id.value());
      area = m.find() ? m.group(1) : null;
    }
    if (!RegionCodes.valid(area) || !Provinces.known(area.substring(0, 2))) {
      conflicts.add(
          new Conflict(
              Conflict.Kind.UNREADABLE_INDICATION,
              "public-security filing "
                  + id.value()
                  + " has no valid area code"
                  + (area == null ? "" : " (" + area + " names no province)")));
      return;
    }
    out.add(new Indication(Basis.PSB_AREA_CODE, area, id.value()));
    // A prefix character (沪公网安备...) names a province of its own, which must agree.
    Optional<String> prefix =
        id.value().indexOf("公网安备") > 0
            ? Provinces.byAbbreviation(id.value().charAt(0)).map(Province::code)
            : Optional.empty();
    String areaProvince = area.substring(0, 2);
    String code = area;
    prefix
        .filter(p -> !p.equals(areaProvince))
        .ifPresent(
            p ->
                conflicts.add(
                    new Conflict(
                        Conflict.Kind.FILING_MISMATCH,
                        "public-security filing "
                            + id.value()
                            + " names "
                            + Provinces.label(p)
                            + " but its area code "
                            + code
                            + " is in "
                            + Provinces.label(areaProvince))));
  }

  private void hosting(Identifier id, Set<Indication> out, List<Conflict> conflicts) {
    Optional<String> region = tables.regionOf(id.value());
    if (region.isEmpty()) {
      conflicts.add(
          new Conflict(
              Conflict.Kind.UNMATCHED_ADDRESS,
              "server address " + id.value() + " lies in no range of the address table"));
      return;
    }
    out.add(new Indication(Basis.HOSTING_IP, region.get(), id.value()));
  }

  /** Filing numbers against each other, registrants against filings, hosting against operator. */
  private static void compare(List<Indication> all, List<Conflict> conflicts) {
    List<Indication> icp = of(all, Basis.ICP_PROVINCE);
    List<Indication> psb = of(all, Basis.PSB_AREA_CODE);
    sameKind(icp, "ICP filings", conflicts);
    sameKind(psb, "public-security filings", conflicts);
    crossKind(icp, psb, conflicts);
    Set<String> filingProvinces = provinces(icp);
    filingProvinces.addAll(provinces(psb));
    for (Indication r : of(all, Basis.REGISTRANT)) {
      if (!filingProvinces.isEmpty() && !filingProvinces.contains(r.province())) {
        conflicts.add(
            new Conflict(
                Conflict.Kind.REGISTRANT_MISMATCH,
                "registrant data ("
                    + r.source()
                    + ") places the operator in "
                    + Provinces.label(r.province())
                    + " but the filing numbers name "
                    + labels(filingProvinces)));
      }
    }
    Set<String> operator = new TreeSet<>(filingProvinces);
    operator.addAll(provinces(of(all, Basis.REGISTRANT)));
    for (Indication h : of(all, Basis.HOSTING_IP)) {
      if (!operator.isEmpty() && !operator.contains(h.province())) {
        conflicts.add(
            new Conflict(
                Conflict.Kind.HOSTING_ELSEWHERE,
                "hosted in "
                    + Provinces.label(h.province())
                    + " ("
                    + h.source()
                    + ") while the operator is in "
                    + labels(operator)
                    + ": the bureaus of both receive the lead"));
      }
    }
  }

  /**
   * One operator has one seat: two filings of one kind in different provinces contradict each
   * other. One conflict per pair of provinces (naming the first filing seen in each and how many
   * more name that province), at most {@link #MAX_FILING_CONFLICTS}; the pairs beyond the cap are
   * summarised in one further conflict listing all the provinces. Filings in two districts of one
   * province do not conflict.
   */
  private static void sameKind(List<Indication> filings, String what, List<Conflict> conflicts) {
    Map<String, List<Indication>> byProvince = byProvince(filings);
    List<String> provinces = new ArrayList<>(byProvince.keySet());
    int emitted = 0;
    int beyond = 0;
    for (int a = 0; a < provinces.size(); a++) {
      for (int b = a + 1; b < provinces.size(); b++) {
        if (emitted == MAX_FILING_CONFLICTS) {
          beyond++;
          continue;
        }
        emitted++;
        conflicts.add(
            new Conflict(
                Conflict.Kind.FILING_MISMATCH,
                what
                    + " name different provinces: "
                    + describe(byProvince.get(provinces.get(a)))
                    + " and "
                    + describe(byProvince.get(provinces.get(b)))));
      }
    }
    if (beyond > 0) {
      conflicts.add(
          new Conflict(
              Conflict.Kind.FILING_MISMATCH,
              what
                  + " name "
                  + provinces.size()
                  + " provinces ("
                  + labels(new LinkedHashSet<>(provinces))
                  + "); "
                  + beyond
                  + " further pairs of them are not listed"));
    }
  }

  /**
   * The ICP province against the public-security area code's province: one conflict per pair of
   * differing provinces, capped like {@link #sameKind}.
   */
  private static void crossKind(
      List<Indication> icp, List<Indication> psb, List<Conflict> conflicts) {
    Map<String, List<Indication>> icpBy = byProvince(icp);
    Map<String, List<Indication>> psbBy = byProvince(psb);
    int emitted = 0;
    int beyond = 0;
    for (Map.Entry<String, List<Indication>> i : icpBy.entrySet()) {
      for (Map.Entry<String, List<Indication>> p : psbBy.entrySet()) {
        if (i.getKey().equals(p.getKey())) {
          continue;
        }
        if (emitted == MAX_FILING_CONFLICTS) {
          beyond++;
          continue;
        }
        emitted++;
        Indication x = i.getValue().get(0);
        Indication y = p.getValue().get(0);
        conflicts.add(
            new Conflict(
                Conflict.Kind.FILING_MISMATCH,
                "ICP filing "
                    + x.source()
                    + more(i.getValue())
                    + " names "
                    + Provinces.label(x.province())
                    + " but public-security filing "
                    + y.source()
                    + more(p.getValue())
                    + " has area code "
                    + y.regionCode()
                    + " in "
                    + Provinces.label(y.province())));
      }
    }
    if (beyond > 0) {
      conflicts.add(
          new Conflict(
              Conflict.Kind.FILING_MISMATCH,
              "ICP filings name "
                  + labels(new LinkedHashSet<>(icpBy.keySet()))
                  + " and public-security filings name "
                  + labels(new LinkedHashSet<>(psbBy.keySet()))
                  + "; "
                  + beyond
                  + " further pairs of differing provinces are not listed"));
    }
  }

  private static Map<String, List<Indication>> byProvince(List<Indication> filings) {
    Map<String, List<Indication>> out = new LinkedHashMap<>();
    for (Indication i : filings) {
      out.computeIfAbsent(i.province(), k -> new ArrayList<>()).add(i);
    }
    return out;
  }

  private static String describe(List<Indication> sameProvince) {
    Indication x = sameProvince.get(0);
    return x.source()
        + " ("
        + x.regionCode()
        + ", "
        + Provinces.label(x.province())
        + ")"
        + more(sameProvince);
  }

  private static String more(List<Indication> sameProvince) {
    int n = sameProvince.size() - 1;
    return n == 0 ? "" : " (and " + n + " more there)";
  }

  private List<Route> routes(List<Indication> all, List<Conflict> conflicts) {
    Map<String, Bureau> bureaus = new LinkedHashMap<>();
    Map<String, Set<Basis>> bases = new LinkedHashMap<>();
    Map<String, List<Indication>> evidence = new LinkedHashMap<>();
    Set<String> unserved = new LinkedHashSet<>();
    for (Indication i : all) {
      Optional<Bureau> bureau = tables.bureauFor(i.regionCode());
      if (bureau.isEmpty()) {
        if (unserved.add(i.regionCode())) {
          conflicts.add(
              new Conflict(
                  Conflict.Kind.NO_BUREAU,
                  "no bureau in the directory for region "
                      + String.join(", ", RegionCodes.fallback(i.regionCode()))
                      + " ("
                      + basisText(i)
                      + ")"));
        }
        continue;
      }
      String name = bureau.get().name();
      bureaus.putIfAbsent(name, bureau.get());
      bases.computeIfAbsent(name, n -> EnumSet.noneOf(Basis.class)).add(i.basis());
      evidence.computeIfAbsent(name, n -> new ArrayList<>()).add(i);
    }
    List<Route> routes = new ArrayList<>();
    for (Map.Entry<String, Bureau> e : bureaus.entrySet()) {
      Bureau b = e.getValue();
      routes.add(
          new Route(
              b, b.regionCode(), List.copyOf(bases.get(e.getKey())), evidence.get(e.getKey())));
    }
    routes.sort(Comparator.comparing(Route::regionCode).thenComparing(r -> r.bureau().name()));
    return routes;
  }

  private static String basisText(Indication i) {
    return i.basis() + " " + i.source();
  }

  private static List<Indication> of(List<Indication> all, Basis basis) {
    return all.stream().filter(i -> i.basis() == basis).toList();
  }

  private static Set<String> provinces(List<Indication> indications) {
    Set<String> out = new TreeSet<>();
    indications.forEach(i -> out.add(i.province()));
    return out;
  }

  private static String labels(Set<String> provinces) {
    return String.join(", ", provinces.stream().map(Provinces::label).toList());
  }

  private static void dedupe(List<Conflict> conflicts) {
    List<Conflict> distinct = new ArrayList<>(new LinkedHashSet<>(conflicts));
    conflicts.clear();
    conflicts.addAll(distinct);
  }
}
