package org.sitewatch.classifier.signals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sitewatch.classifier.signals.IdentifierExtractor.Collector;
import org.sitewatch.common.region.Provinces;
import org.sitewatch.events.Finding;
import org.sitewatch.events.Identifier;

/**
 * ICP and public-security filing numbers on a page, and the check of a filing's province against
 * the area code of the public-security number ({@link Provinces}): a mismatch is attribute {@code
 * consistent=false} and a {@code forged-filing} finding.
 */
final class FilingNumbers {
  private static final String P = Provinces.ABBREVIATIONS;

  static final Pattern ICP =
      Pattern.compile(
          "(["
              + P
              + "])\\s*+ICP\\s*+([备证])\\s*+[:：]?+\\s*+(\\d++)\\s*+(号)?+"
              + "(?:\\s*+[-－—–]\\s*+(\\d{1,3})(?!\\d))?",
          Pattern.CASE_INSENSITIVE);
  static final Pattern PSB =
      Pattern.compile("(?:([" + P + "])\\s*+)?公网安备\\s*+(?:号)?+\\s*+[:：]?+\\s*+(\\d++)\\s*+号?");

  private FilingNumbers() {}

  /**
   * The filing numbers near their anchors, each also added to {@code out}; an ICP number carries
   * {@code consistent} when the page has a public-security filing with a known area.
   */
  static List<Identifier> find(String text, String original, int[][] at, Collector out) {
    List<Identifier> filings = new ArrayList<>();
    {
      TextScan.forEachNear(
          ICP,
          text,
          at[IdentifierExtractor.AT_ICP],
          4,
          36,
          m -> {
            icp(m)
                .ifPresent(
                    value -> {
                      Map<String, String> attributes = new TreeMap<>();
                      char abbreviation = m.group(1).charAt(0);
                      Provinces.byAbbreviation(abbreviation)
                          .ifPresent(
                              p -> {
                                attributes.put("province", p.name());
                                attributes.put("provinceCode", p.code());
                              });
                      attributes.put("kind", m.group(2).equals("证") ? "license" : "filing");
                      if (m.group(5) != null) {
                        attributes.put("siteIndex", m.group(5));
                      }
                      filings.add(
                          new Identifier(
                              "icp",
                              value,
                              IdentifierExtractor.snip(original, m),
                              out.url,
                              attributes));
                    });
          });
    }
    {
      TextScan.forEachNear(
          PSB,
          text,
          at[IdentifierExtractor.AT_PSB],
          4,
          40,
          m -> {
            String digits = m.group(2);
            if (digits.length() != 14) {
              return;
            }
            String area = digits.substring(0, 6);
            Map<String, String> attributes = new TreeMap<>();
            attributes.put("areaCode", area);
            Optional<Provinces.Province> areaProvince = Provinces.byAreaCode(area);
            attributes.put(
                "areaProvince", areaProvince.map(Provinces.Province::name).orElse("unknown"));
            String prefix = "";
            if (m.group(1) != null) {
              prefix = m.group(1);
              Optional<Provinces.Province> named = Provinces.byAbbreviation(prefix.charAt(0));
              named.ifPresent(
                  p -> {
                    attributes.put("province", p.name());
                    attributes.put("provinceCode", p.code());
                  });
              attributes.put(
                  "consistent", String.valueOf(named.isPresent() && areaProvince.equals(named)));
            } else if (areaProvince.isEmpty()) {
              attributes.put("consistent", "false");
            }
            filings.add(
                new Identifier(
                    "psb",
                    prefix + "公网安备" + digits + "号",
                    IdentifierExtractor.snip(original, m),
                    out.url,
                    attributes));
          });
    }
    // the ICP province is checked against the public-security filings of the same page
    List<Identifier> areas =
        filings.stream()
            .filter(
                f ->
                    f.type().equals("psb") && !f.attributes().get("areaProvince").equals("unknown"))
            .toList();
    List<Identifier> checked = new ArrayList<>();
    for (Identifier filing : filings) {
      Identifier f = filing;
      if (f.type().equals("icp") && !areas.isEmpty() && f.attributes().containsKey("province")) {
        String province = f.attributes().get("province");
        boolean consistent =
            areas.stream().anyMatch(a -> a.attributes().get("areaProvince").equals(province));
        Map<String, String> attributes = new TreeMap<>(f.attributes());
        attributes.put("consistent", String.valueOf(consistent));
        f = new Identifier(f.type(), f.value(), f.snippet(), f.url(), attributes);
      }
      checked.add(f);
      out.add(f.type(), f.value(), f.snippet(), f.attributes());
    }
    return checked;
  }

  /** The canonical ICP number, e.g. {@code 京ICP备12345678号-1}, when the digits are 6 to 10. */
  static Optional<String> icp(Matcher m) {
    String digits = m.group(3);
    if (digits.length() < 6 || digits.length() > 10) {
      return Optional.empty();
    }
    String index = m.group(5) == null ? "" : "-" + m.group(5);
    return Optional.of(m.group(1) + "ICP" + m.group(2) + digits + "号" + index);
  }

  /** A {@code forged-filing} finding for every filing marked {@code consistent=false}. */
  static List<Finding> check(List<Identifier> filings, String url) {
    List<Finding> findings = new ArrayList<>();
    Identifier area =
        filings.stream()
            .filter(
                f ->
                    f.type().equals("psb") && !"unknown".equals(f.attributes().get("areaProvince")))
            .findFirst()
            .orElse(null);
    for (Identifier f : filings) {
      if (!"false".equals(f.attributes().get("consistent"))) {
        continue;
      }
      Map<String, String> a = f.attributes();
      String detail;
      if (f.type().equals("psb")) {
        String named =
            a.containsKey("province")
                ? a.get("province") + " (" + a.get("provinceCode") + ")"
                : "no province";
        detail =
            "public-security filing "
                + f.value()
                + " names "
                + named
                + " but its area code "
                + a.get("areaCode")
                + (a.get("areaProvince").equals("unknown")
                    ? " belongs to no province"
                    : " is in "
                        + a.get("areaProvince")
                        + " ("
                        + a.get("areaCode").substring(0, 2)
                        + ")");
      } else {
        String other =
            area == null
                ? "another province"
                : area.attributes().get("areaProvince") + " (" + area.value() + ")";
        detail =
            "ICP filing "
                + f.value()
                + " names "
                + a.get("province")
                + " ("
                + a.get("provinceCode")
                + ") but the public-security filing on the page is in "
                + other;
      }
      findings.add(new Finding("forged-filing", detail, f.snippet(), url));
    }
    return findings;
  }
}
