package org.sitewatch.sink.jurisdiction;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.events.Identifier;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.lead.LeadStatus;

class JurisdictionRouterTest {
  private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");
  private final JurisdictionRouter sample = new JurisdictionRouter(JurisdictionTables.sample());

  // Sample directory: 110000 Beijing, 110105 Chaoyang, 310000 Shanghai, 440000 Guangdong,
  // 440300 Shenzhen, 330000 Zhejiang, 510000 Sichuan. Sample ranges: 127/8 -> 110000,
  // 192.0.2/24 -> 310000, 198.51.100/24 -> 440300, 203.0.113/24 -> 330000, 2001:db8::/32 -> 510000.
  @ParameterizedTest(name = "[{0}] -> routes [{1}], conflicts [{2}]")
  @CsvSource(
      delimiter = '|',
      value = {
        // identifiers (type:value;...)                                 | routes (region=bases)
        //                     | conflicts
        "icp:京ICP备12345678号                                           | 110000=ICP_PROVINCE                             |",
        "psb:沪公网安备31010402000001号                                   | 310000=PSB_AREA_CODE                            |",
        "icp:京ICP备12345678号;psb:京公网安备11010802000001号              | 110000=ICP_PROVINCE+PSB_AREA_CODE               |",
        "icp:京ICP备12345678号;psb:京公网安备11010502000001号              | 110000=ICP_PROVINCE;110105=PSB_AREA_CODE        |",
        "icp:京ICP备12345678号;psb:沪公网安备31010402000001号              | 110000=ICP_PROVINCE;310000=PSB_AREA_CODE        | FILING_MISMATCH",
        "psb:京公网安备11010502000001号                                   | 110105=PSB_AREA_CODE                            |",
        "icp:京ICP备12345678号;icp:京ICP备87654321号                       | 110000=ICP_PROVINCE                             |",
        "icp:京ICP备12345678号;icp:沪ICP备87654321号                       | 110000=ICP_PROVINCE;310000=ICP_PROVINCE         | FILING_MISMATCH",
        "psb:京公网安备11010802000001号;psb:京公网安备11010502000001号       | 110000=PSB_AREA_CODE;110105=PSB_AREA_CODE       |",
        "psb:京公网安备11010802000001号;psb:沪公网安备31010402000001号       | 110000=PSB_AREA_CODE;310000=PSB_AREA_CODE       | FILING_MISMATCH",
        "icp:京ICP备12345678号;icp:沪ICP备87654321号;psb:京公网安备11010802000001号 | 110000=ICP_PROVINCE+PSB_AREA_CODE;310000=ICP_PROVINCE | FILING_MISMATCH;FILING_MISMATCH",
        "psb:公网安备11010802000001号                                     | 110000=PSB_AREA_CODE                            |",
        "psb:粤公网安备44030502000001号                                   | 440300=PSB_AREA_CODE                            |",
        "psb:粤公网安备44010602000001号                                   | 440000=PSB_AREA_CODE                            |",
        "psb:沪公网安备11010502000001号                                   | 110105=PSB_AREA_CODE                            | FILING_MISMATCH",
        "                                                               |                                                 | NO_JURISDICTION",
        "qq:12345678                                                    |                                                 | NO_JURISDICTION",
        "psb:鄂公网安备42010602000001号                                   |                                                 | NO_BUREAU;NO_JURISDICTION",
        "psb:公网安备99010602000001号                                     |                                                 | UNREADABLE_INDICATION;NO_JURISDICTION",
        "icp:ICP备12345678号                                             |                                                 | UNREADABLE_INDICATION;NO_JURISDICTION",
        "server-ip:127.0.0.1                                            | 110000=HOSTING_IP                               |",
        "server-ip:2001:db8::1                                          | 510000=HOSTING_IP                               |",
        "server-ip:127.0.0.1;icp:京ICP备12345678号                        | 110000=HOSTING_IP+ICP_PROVINCE                  |",
        "server-ip:198.51.100.7;icp:京ICP备12345678号                     | 110000=ICP_PROVINCE;440300=HOSTING_IP           | HOSTING_ELSEWHERE",
        "server-ip:198.18.0.1                                           |                                                 | UNMATCHED_ADDRESS;NO_JURISDICTION",
        "server-ip:198.18.0.1;icp:浙ICP备12345678号                       | 330000=ICP_PROVINCE                             | UNMATCHED_ADDRESS",
      })
  void routesEachIndicationToItsBureauAndShowsConflicts(
      String identifiers, String routes, String conflicts) {
    Routing routing = sample.route(lead("example.test", parse(identifiers)));

    assertThat(summary(routing)).isEqualTo(routes == null ? "" : routes);
    assertThat(
            routing.conflicts().stream().map(c -> c.kind().name()).collect(Collectors.joining(";")))
        .isEqualTo(conflicts == null ? "" : conflicts);
  }

  @Test
  void classifierAttributesTakePrecedenceOverTheNumberText() {
    Identifier icp =
        new Identifier(
            "icp", "京ICP备12345678号", "", "", Map.of("province", "上海", "provinceCode", "31"));
    Identifier psb =
        new Identifier("psb", "公网安备11010502000001号", "", "", Map.of("areaCode", "440305"));

    Routing routing = sample.route(lead("example.test", List.of(icp, psb)));

    assertThat(summary(routing)).isEqualTo("310000=ICP_PROVINCE;440300=PSB_AREA_CODE");
    assertThat(routing.conflicts())
        .singleElement()
        .satisfies(c -> assertThat(c.detail()).contains("上海 (31)", "440305", "广东 (44)"));
  }

  @Test
  void twoFilingsOfOneKindInDifferentProvincesAreAConflictNamingBothAndBothBureausGetTheLead() {
    Routing icp =
        sample.route(lead("example.test", parse("icp:京ICP备12345678号;icp:粤ICP备87654321号")));
    Routing psb =
        sample.route(
            lead("example.test", parse("psb:沪公网安备31010402000001号;psb:公网安备33010602000001号")));

    assertThat(icp.routes())
        .extracting(r -> r.bureau().name())
        .containsExactly("北京市公安局网安总队（示例）", "广东省公安厅网安总队（示例）");
    assertThat(icp.conflicts())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.kind()).isEqualTo(Conflict.Kind.FILING_MISMATCH);
              assertThat(c.detail())
                  .contains("京ICP备12345678号", "北京 (11)", "粤ICP备87654321号", "广东 (44)");
            });
    assertThat(psb.routes())
        .extracting(r -> r.bureau().name())
        .containsExactly("上海市公安局网安总队（示例）", "浙江省公安厅网安总队（示例）");
    assertThat(psb.conflicts())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.kind()).isEqualTo(Conflict.Kind.FILING_MISMATCH);
              assertThat(c.detail())
                  .contains("沪公网安备31010402000001号", "310104", "公网安备33010602000001号", "330106");
            });
  }

  @Test
  void fiftyFilingsGiveOneConflictPerPairOfProvincesCappedNotOnePerPairOfFilings() {
    // The site's identifier cap is fifty: per pair of filings this was 625 (two provinces) or
    // 1,225 conflicts; per pair of provinces it is 1, and at most the cap plus one summary.
    StringBuilder two = new StringBuilder();
    for (int n = 0; n < 25; n++) {
      two.append(String.format("icp:京ICP备%08d号;icp:沪ICP备%08d号;", n, n));
    }
    Routing twoProvinces = sample.route(lead("example.test", parse(two.toString())));
    assertThat(twoProvinces.conflicts())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.kind()).isEqualTo(Conflict.Kind.FILING_MISMATCH);
              assertThat(c.detail())
                  .contains("京ICP备00000000号", "北京 (11)", "沪ICP备00000000号", "上海 (31)")
                  .contains("and 24 more there");
            });

    String[] prefixes = {"京", "津", "沪", "渝", "冀", "晋", "辽", "吉", "苏", "浙", "粤", "川"};
    StringBuilder many = new StringBuilder();
    for (int n = 0; n < 50; n++) {
      many.append(String.format("icp:%sICP备%08d号;", prefixes[n % prefixes.length], n));
    }
    List<Conflict> mismatches =
        sample.route(lead("example.test", parse(many.toString()))).conflicts().stream()
            .filter(c -> c.kind() == Conflict.Kind.FILING_MISMATCH)
            .toList();
    // 12 provinces make 66 pairs: the first ten are listed, one more conflict names all 12
    assertThat(mismatches).hasSize(JurisdictionRouter.MAX_FILING_CONFLICTS + 1);
    assertThat(mismatches.get(mismatches.size() - 1).detail())
        .contains("12 provinces", "北京 (11)", "四川 (51)", "56 further pairs");

    StringBuilder cross = new StringBuilder();
    for (int n = 0; n < 25; n++) {
      cross.append(String.format("icp:京ICP备%08d号;psb:沪公网安备310104%08d号;", n, n));
    }
    assertThat(sample.route(lead("example.test", parse(cross.toString()))).conflicts())
        .singleElement()
        .satisfies(c -> assertThat(c.kind()).isEqualTo(Conflict.Kind.FILING_MISMATCH));
  }

  @Test
  void registrantDataRoutesAndIsComparedWithTheFilings(@TempDir Path dir) throws IOException {
    Path registrants =
        write(
            dir,
            "registrants.csv",
            "site,region_code,source",
            "example.test,330106,registrar record 2026-11",
            "other.test,110000,x");
    JurisdictionRouter router =
        new JurisdictionRouter(
            JurisdictionTables.load(Optional.empty(), Optional.empty(), Optional.of(registrants)));

    Routing routing =
        router.route(
            lead(
                "example.test",
                List.of(new Identifier("icp", "京ICP备12345678号", "", "", Map.of()))));

    assertThat(summary(routing)).isEqualTo("110000=ICP_PROVINCE;330000=REGISTRANT");
    assertThat(routing.routes().get(1).evidence())
        .singleElement()
        .isEqualTo(new Indication(Basis.REGISTRANT, "330106", "registrar record 2026-11"));
    assertThat(routing.conflicts())
        .extracting(Conflict::kind)
        .containsExactly(Conflict.Kind.REGISTRANT_MISMATCH);
  }

  @Test
  void everyRouteCarriesTheIndicationsBehindIt() {
    Routing routing =
        sample.route(
            lead(
                "example.test",
                parse("server-ip:127.0.0.1;icp:京ICP备12345678号;psb:京公网安备11010802000001号")));

    assertThat(routing.routes())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.bureau().name()).isEqualTo("北京市公安局网安总队（示例）");
              assertThat(r.evidence())
                  .containsExactly(
                      new Indication(Basis.HOSTING_IP, "110000", "127.0.0.1"),
                      new Indication(Basis.ICP_PROVINCE, "110000", "京ICP备12345678号"),
                      new Indication(Basis.PSB_AREA_CODE, "110108", "京公网安备11010802000001号"));
            });
  }

  static Lead lead(String site, List<Identifier> identifiers) {
    return new Lead(
        1,
        site,
        LeadStatus.NEW,
        0.8,
        List.of(),
        List.of(),
        List.of(),
        1,
        "lex-1",
        T,
        T,
        List.of(),
        identifiers,
        List.of());
  }

  static List<Identifier> parse(String spec) {
    List<Identifier> out = new ArrayList<>();
    if (spec == null) {
      return out;
    }
    for (String part : spec.split(";")) {
      int colon = part.indexOf(':');
      out.add(
          new Identifier(
              part.substring(0, colon).strip(),
              part.substring(colon + 1).strip(),
              "",
              "",
              Map.of()));
    }
    return out;
  }

  static String summary(Routing routing) {
    return routing.routes().stream()
        .map(
            r ->
                r.regionCode()
                    + "="
                    + r.bases().stream().map(Enum::name).collect(Collectors.joining("+")))
        .collect(Collectors.joining(";"));
  }

  static Path write(Path dir, String name, String... lines) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, List.of(lines), StandardCharsets.UTF_8);
    return file;
  }
}
