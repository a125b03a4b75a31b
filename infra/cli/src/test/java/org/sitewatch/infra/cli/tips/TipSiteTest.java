package org.sitewatch.infra.cli.tips;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.infra.config.ConfigLoader;
import org.sitewatch.infra.config.SitewatchConfig;

class TipSiteTest {
  @ParameterizedTest(name = "{0}, TLS {1}: warned {2}")
  @CsvSource({
    "127.0.0.1, false, false",
    "localhost, false, false",
    "::1,       false, false",
    "0.0.0.0,   false, true",
    "10.1.2.3,  false, true",
    "0.0.0.0,   true,  false",
  })
  void plainHttpBeyondThisMachineIsWarnedAbout(String bind, boolean tls, boolean warned) {
    assertThat(TipSite.plainHttpWarning(bind, tls).isPresent()).isEqualTo(warned);
  }

  @Test
  void aClientAddressHeaderIsWarnedAboutOnlyWhereClientsCouldReachTheSiteDirectly() {
    SitewatchConfig behindProxy =
        ConfigLoader.load(
            Optional.empty(), Map.of(), Map.of("tips.client-address-header", "X-Forwarded-For"));
    assertThat(TipSite.clientHeaderWarning(behindProxy, "127.0.0.1")).isEmpty();
    assertThat(TipSite.clientHeaderWarning(behindProxy, "0.0.0.0"))
        .hasValueSatisfying(w -> assertThat(w).contains("X-Forwarded-For", "per-client limit"));
    SitewatchConfig direct = ConfigLoader.load(Optional.empty(), Map.of(), Map.of());
    assertThat(TipSite.clientHeaderWarning(direct, "0.0.0.0")).isEmpty();
  }

  @Test
  void withoutKafkaItSaysTheSinkSendsTheCrawlRequestsAndWhen() {
    SitewatchConfig cfg = ConfigLoader.load(Optional.empty(), Map.of(), Map.of());
    assertThat(TipSite.crawlRequests(cfg, Optional.empty()))
        .contains("no Kafka", "sink sends their crawl requests", "30 s");
    assertThat(TipSite.crawlRequests(cfg, Optional.of("kafka:9092")))
        .contains("sent at once to kafka:9092", "sitewatch.crawl-requests");
  }
}
