package org.sitewatch.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class EventCompatibilityTest {
  private static final Instant T = Instant.parse("2026-11-28T10:00:00.123Z");
  private static final String SHA = "a".repeat(64);

  private static <T> T read(Class<T> type, String json) {
    return JsonSerde.of(type).deserialize("t", json.getBytes(StandardCharsets.UTF_8));
  }

  private static <T> T roundTrip(Class<T> type, T value) {
    JsonSerde<T> serde = JsonSerde.of(type);
    return serde.deserialize("t", serde.serialize("t", value));
  }

  @Test
  @SuppressWarnings("deprecation") // the 16-argument constructor keeps working until removed
  void everyEventSurvivesARoundTripUnchanged() {
    CrawlRequest request =
        new CrawlRequest(
            1,
            "http://www.example.cn/",
            "example.cn",
            CrawlRequest.Source.LINK,
            1,
            "http://other.cn/",
            T);
    FetchedPage page =
        new FetchedPage(
            1,
            "example.cn",
            "http://www.example.cn/",
            null,
            200,
            Map.of("content-type", "text/html"),
            T,
            "127.0.0.1",
            "text/html",
            "UTF-8",
            "<p>你好</p>",
            false,
            SHA,
            12,
            0,
            List.of("http://www.example.cn/a"));
    SignalHit hit =
        new SignalHit("kw.zh.x", "explicit", 1.5, 2, "…成人视频…", "http://www.example.cn/");
    SiteVerdict verdict =
        new SiteVerdict(
            1,
            "example.cn",
            3,
            true,
            0.9,
            4,
            List.of("explicit"),
            List.of(hit),
            List.of(new PageRef("http://www.example.cn/", 0.9, SHA, T)),
            "builtin-x",
            T);
    Outcome outcome =
        Outcome.of("example.cn", null, Outcome.Stage.CRAWLER, Outcome.Kind.SITE_CRAWLED, "", T);

    assertThat(roundTrip(CrawlRequest.class, request)).isEqualTo(request);
    assertThat(roundTrip(FetchedPage.class, page)).isEqualTo(page);
    assertThat(roundTrip(SiteVerdict.class, verdict)).isEqualTo(verdict);
    assertThat(roundTrip(Outcome.class, outcome)).isEqualTo(outcome);
    assertThat(page.finalUrl()).isEqualTo(page.requestedUrl());
  }

  @Test
  void readsVersionOneWithOptionalFieldsMissingAndUnknownFieldsPresent() {
    CrawlRequest request =
        read(
            CrawlRequest.class,
            "{\"v\":1,\"url\":\"http://a.cn/\",\"site\":\"a.cn\",\"source\":\"SEED\",\"hops\":0,"
                + "\"requestedAt\":\"2026-11-28T10:00:00Z\",\"priority\":7,\"addedInV2\":{\"x\":1}}");
    assertThat(request.referrer()).isNull();
    assertThat(request.source()).isEqualTo(CrawlRequest.Source.SEED);

    SiteVerdict verdict =
        read(
            SiteVerdict.class,
            "{\"v\":1,\"site\":\"a.cn\",\"revision\":1,\"flagged\":false,\"score\":0.1,"
                + "\"pagesScored\":1,\"decidedAt\":\"2026-11-28T10:00:00Z\"}");
    assertThat(verdict.signals()).isEmpty();
    assertThat(verdict.categories()).isEmpty();
    assertThat(verdict.lexiconVersion()).isEmpty();
  }

  @Test
  void versionTwoVerdictFieldsRoundTripAndAreEmptyWhenAVersionOneWriterOmitsThem() {
    SiteVerdict v2 =
        new SiteVerdict(
            2,
            "a.cn",
            1,
            true,
            0.9,
            1,
            List.of("profit"),
            null,
            null,
            "x",
            T,
            List.of("for-profit"),
            List.of(
                new Identifier(
                    "icp",
                    "京ICP备12345678号-1",
                    "…京ICP备12345678号-1…",
                    "http://a.cn/",
                    Map.of("province", "北京"))),
            List.of(
                new Finding(
                    "injected-links",
                    "3 hidden links",
                    "<div style=display:none>",
                    "http://a.cn/")));
    assertThat(roundTrip(SiteVerdict.class, v2)).isEqualTo(v2);

    SiteVerdict fromV1 =
        read(
            SiteVerdict.class,
            "{\"v\":1,\"site\":\"a.cn\",\"revision\":1,\"flagged\":true,\"score\":0.9,"
                + "\"pagesScored\":1,\"decidedAt\":\"2026-11-28T10:00:00Z\"}");
    assertThat(fromV1.conducts()).isEmpty();
    assertThat(fromV1.identifiers()).isEmpty();
    assertThat(fromV1.findings()).isEmpty();
  }

  @Test
  void conductReasonsRoundTripAndReadAsEmptyFromAWriterThatPredatesThem() {
    SiteVerdict verdict =
        SiteVerdict.builder()
            .site("a.cn")
            .revision(2)
            .decidedAt(T)
            .conducts(List.of("for-profit"))
            .conductReasons(
                List.of(
                    new ConductReason(
                        "for-profit", "membership-price", "VIP 30 元/月", "http://a.cn/vip")))
            .build();
    SiteVerdict read = roundTrip(SiteVerdict.class, verdict);
    assertThat(read).isEqualTo(verdict);
    assertThat(read.conductReasons())
        .extracting(ConductReason::signal, ConductReason::url)
        .containsExactly(tuple("membership-price", "http://a.cn/vip"));
    assertThat(verdict.withNewestPage(null, T).conductReasons())
        .isEqualTo(verdict.conductReasons());
    assertThat(verdict.withConductReasons(List.of()))
        .isEqualTo(
            SiteVerdict.builder()
                .site("a.cn")
                .revision(2)
                .decidedAt(T)
                .conducts(List.of("for-profit"))
                .build());

    SiteVerdict before =
        read(
            SiteVerdict.class,
            "{\"v\":2,\"site\":\"a.cn\",\"revision\":1,\"flagged\":true,\"score\":0.9,"
                + "\"pagesScored\":1,\"decidedAt\":\"2026-11-28T10:00:00Z\","
                + "\"conducts\":[\"for-profit\"]}");
    assertThat(before.conductReasons()).isEmpty();
    assertThatThrownBy(() -> new ConductReason(" ", "rate", "", ""))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theTraceIdTravelsOnRequestPageAndVerdictAndIsAbsentInRecordsWrittenBeforeIt() {
    CrawlRequest request = CrawlRequest.seed("http://a.cn/", "a.cn", T);
    assertThat(request.traceId()).isNotBlank();
    assertThat(roundTrip(CrawlRequest.class, request).traceId()).isEqualTo(request.traceId());
    assertThat(request.with(3, null).traceId()).isEqualTo(request.traceId());
    assertThat(CrawlRequest.seed("http://a.cn/", "a.cn", T).traceId())
        .isNotEqualTo(request.traceId());

    FetchedPage page =
        FetchedPage.builder()
            .site("a.cn")
            .requestedUrl("http://a.cn/")
            .status(200)
            .fetchedAt(T)
            .bodySha256(SHA)
            .traceId(request.traceId())
            .build();
    assertThat(roundTrip(FetchedPage.class, page).traceId()).isEqualTo(request.traceId());

    SiteVerdict verdict =
        SiteVerdict.builder()
            .site("a.cn")
            .revision(1)
            .decidedAt(T)
            .build()
            .withNewestPage(request.traceId(), T);
    SiteVerdict read = roundTrip(SiteVerdict.class, verdict);
    assertThat(read.traceId()).isEqualTo(request.traceId());
    assertThat(read.lastFetchedAt()).isEqualTo(T);

    assertThat(
            read(
                    CrawlRequest.class,
                    "{\"v\":2,\"url\":\"http://a.cn/\",\"site\":\"a.cn\",\"source\":\"SEED\","
                        + "\"requestedAt\":\"2026-11-28T10:00:00Z\"}")
                .traceId())
        .isNull();
    SiteVerdict old =
        read(
            SiteVerdict.class,
            "{\"v\":2,\"site\":\"a.cn\",\"revision\":7,\"flagged\":true,\"score\":0.9,"
                + "\"decidedAt\":\"2026-11-28T10:00:00Z\"}");
    assertThat(old.traceId()).isNull();
    assertThat(old.lastFetchedAt()).isNull();
  }

  @Test
  void aTraceIdIsAShortTokenSoNoPeerCanSendTextThroughIt() {
    assertThatThrownBy(() -> CrawlRequest.seed("http://a.cn/", "a.cn", T).withTraceId("a b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> CrawlRequest.seed("http://a.cn/", "a.cn", T).withTraceId("x".repeat(65)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theVerdictEpochRoundTripsAndReadsAsZeroFromAWriterThatHadNone() {
    SiteVerdict withEpoch =
        new SiteVerdict(
            2,
            "a.cn",
            7,
            true,
            0.9,
            1,
            null,
            null,
            null,
            "x",
            T,
            null,
            null,
            null,
            1_795_000_000_000L);
    assertThat(roundTrip(SiteVerdict.class, withEpoch)).isEqualTo(withEpoch);

    SiteVerdict beforeEpochs =
        read(
            SiteVerdict.class,
            "{\"v\":2,\"site\":\"a.cn\",\"revision\":7,\"flagged\":true,\"score\":0.9,"
                + "\"pagesScored\":1,\"decidedAt\":\"2026-11-28T10:00:00Z\"}");
    assertThat(beforeEpochs.epoch()).isZero();
    assertThat(beforeEpochs.revision()).isEqualTo(7);
  }

  @Test
  void anAnalystsRequestIsAsUrgentAsATipAndKeepsItsSourceOnTheWire() {
    CrawlRequest analyst =
        new CrawlRequest(
            CrawlRequest.VERSION, "https://a.cn/", "a.cn", CrawlRequest.Source.ANALYST, 0, null, T);
    assertThat(analyst.priority()).isEqualTo(CrawlRequest.TIP_PRIORITY);
    assertThat(roundTrip(CrawlRequest.class, analyst)).isEqualTo(analyst);
    CrawlRequest written =
        read(
            CrawlRequest.class,
            "{\"v\":2,\"url\":\"https://a.cn/\",\"site\":\"a.cn\",\"source\":\"ANALYST\","
                + "\"hops\":0,\"requestedAt\":\"2026-11-28T10:00:00Z\",\"priority\":9}");
    assertThat(written.source()).isEqualTo(CrawlRequest.Source.ANALYST);
    assertThat(written.priority()).isEqualTo(CrawlRequest.MAX_PRIORITY);
  }

  @Test
  void unknownOutcomeKindFromANewerWriterReadsAsOther() {
    Outcome outcome =
        read(
            Outcome.class,
            "{\"v\":2,\"site\":\"a.cn\",\"stage\":\"CRAWLER\",\"kind\":\"SOMETHING_NEW\","
                + "\"at\":\"2026-11-28T10:00:00Z\"}");
    assertThat(outcome.kind()).isEqualTo(Outcome.Kind.OTHER);
    assertThat(outcome.v()).isEqualTo(2);
  }

  @Test
  void missingSchemaVersionMeansVersionOne() {
    Outcome outcome =
        read(
            Outcome.class,
            "{\"site\":\"a.cn\",\"stage\":\"SINK\",\"kind\":\"BAD_RECORD\",\"at\":\"2026-11-28T10:00:00Z\"}");
    assertThat(outcome.v()).isEqualTo(1);
  }

  @Test
  void invalidRecordsAreRejectedWithTheTypeInTheMessage() {
    assertThatThrownBy(
            () ->
                read(
                    FetchedPage.class,
                    "{\"site\":\"a.cn\",\"requestedUrl\":\"http://a.cn/\",\"status\":200,"
                        + "\"fetchedAt\":\"2026-11-28T10:00:00Z\",\"bodySha256\":\"not-a-hash\"}"))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("FetchedPage");
    assertThatThrownBy(() -> read(CrawlRequest.class, "{not json"))
        .isInstanceOf(SerializationException.class);
  }

  @Test
  @SuppressWarnings("deprecation") // the 16-argument constructor keeps working until removed
  void versionTwoFieldsSurviveARoundTripAndDefaultWhenAbsent() {
    CrawlOverrides overrides =
        new CrawlOverrides(20, 3, 5_000_000L, 60_000L, 2_000L, true, "case 2026-17", "analyst-a");
    CrawlRequest tip =
        new CrawlRequest(
            CrawlRequest.VERSION, "http://a.cn/", "a.cn", CrawlRequest.Source.TIP, 0, null, T);
    CrawlRequest urgent = tip.with(9, overrides);
    WarcRef warc =
        new WarcRef("sw-00001.warc.gz", 1234, 987, "<urn:uuid:1>", "sha256:ABC", "sha256:DEF");
    FetchedPage page =
        new FetchedPage(
                1,
                "a.cn",
                "http://a.cn/",
                null,
                200,
                Map.of(),
                T,
                null,
                "text/html",
                "UTF-8",
                "<p>hi</p>",
                false,
                SHA,
                9,
                0,
                List.of())
            .withCapture(warc, Map.of("robots-override", "case 2026-17"));
    PageRef ref = new PageRef("http://a.cn/", 0.5, SHA, T, "0123456789abcdef", warc);

    assertThat(tip.priority()).isEqualTo(CrawlRequest.TIP_PRIORITY);
    assertThat(roundTrip(CrawlRequest.class, urgent)).isEqualTo(urgent);
    assertThat(roundTrip(FetchedPage.class, page)).isEqualTo(page);
    assertThat(roundTrip(PageRef.class, ref)).isEqualTo(ref);

    FetchedPage old =
        read(
            FetchedPage.class,
            "{\"v\":1,\"site\":\"a.cn\",\"requestedUrl\":\"http://a.cn/\",\"status\":200,"
                + "\"fetchedAt\":\"2026-11-28T10:00:00Z\",\"bodySha256\":\""
                + SHA
                + "\"}");
    assertThat(old.warc()).isNull();
    assertThat(old.notes()).isEmpty();
    CrawlRequest oldRequest =
        read(
            CrawlRequest.class,
            "{\"v\":1,\"url\":\"http://a.cn/\",\"site\":\"a.cn\",\"source\":\"LINK\",\"hops\":1,"
                + "\"requestedAt\":\"2026-11-28T10:00:00Z\"}");
    assertThat(oldRequest.priority()).isZero();
    assertThat(oldRequest.overrides()).isNull();
  }

  @Test
  void overridesRefuseIgnoringRobotsWithoutAReasonAndPrioritiesOutOfRange() {
    assertThatThrownBy(() -> new CrawlOverrides(null, null, null, null, null, true, " ", null))
        .hasMessageContaining("reason");
    assertThatThrownBy(() -> new CrawlOverrides(0, null, null, null, null, false, null, null))
        .hasMessageContaining("maxPages");
    CrawlRequest seed = CrawlRequest.seed("http://a.cn/", "a.cn", T);
    assertThatThrownBy(() -> seed.with(10, null)).hasMessageContaining("priority");
    assertThatThrownBy(() -> new PageRef("http://a.cn/", 0.5, SHA, T, "XYZ", null))
        .hasMessageContaining("textSimhash");
  }

  @Test
  void constructorsRejectOutOfRangeValues() {
    assertThatThrownBy(
            () -> new CrawlRequest(1, "ftp://a.cn/", "a.cn", CrawlRequest.Source.SEED, 0, null, T))
        .hasMessageContaining("http");
    assertThatThrownBy(() -> new SiteVerdict(1, "a.cn", 0, true, 0.5, 1, null, null, null, null, T))
        .hasMessageContaining("revision");
    assertThatThrownBy(() -> new PageRef("http://a.cn/", 1.5, SHA, T))
        .hasMessageContaining("score");
    assertThatThrownBy(() -> Topics.withPrefix("bad prefix ")).hasMessageContaining("topic name");
  }

  @Test
  void collectionsAreDefensivelyCopied() {
    List<String> categories = new java.util.ArrayList<>(List.of("explicit"));
    SiteVerdict verdict =
        new SiteVerdict(1, "a.cn", 1, true, 0.9, 1, categories, null, null, null, T);
    categories.add("profit");
    assertThat(verdict.categories()).containsExactly("explicit");
  }

  @Test
  void aSiteCrawledOutcomeCarriesTheTypedSeedAndKeepsTheVersionOneDetails() {
    SeedResult seed = SeedResult.fetched(200, SHA, "http://a.cn/index");
    Map<String, String> details = new LinkedHashMap<>(Map.of("pages", "1", "source", "RECRAWL"));
    details.put(CrawlResult.DETAILS_KEY, CrawlResult.OK.detailsValue());
    details.putAll(seed.toDetails());
    Outcome outcome =
        new Outcome(
            Outcome.VERSION,
            "a.cn",
            "http://a.cn/",
            Outcome.Stage.CRAWLER,
            Outcome.Kind.SITE_CRAWLED,
            "1 page",
            T,
            details,
            CrawlResult.OK,
            seed);
    assertThat(outcome.v()).isEqualTo(2);
    assertThat(outcome.kind()).isEqualTo(Outcome.Kind.SITE_CRAWLED);
    assertThat(outcome.stage()).isEqualTo(Outcome.Stage.CRAWLER);
    assertThat(roundTrip(Outcome.class, outcome)).isEqualTo(outcome);
    assertThat(outcome.details())
        .containsEntry("result", "ok")
        .containsEntry("seedStatus", "200")
        .containsEntry("seedSha256", SHA)
        .containsEntry("seedUrl", "http://a.cn/index")
        .containsEntry("pages", "1");
    assertThat(outcome.seedResult()).contains(seed);
    assertThat(outcome.crawlResult()).contains(CrawlResult.OK);
  }

  @Test
  void aVersionOneOutcomeReadsItsSeedAndResultFromTheDetails() {
    Outcome v1 =
        read(
            Outcome.class,
            "{\"v\":1,\"site\":\"a.cn\",\"stage\":\"CRAWLER\",\"kind\":\"SITE_CRAWLED\","
                + "\"at\":\"2026-11-28T10:00:00Z\",\"details\":{\"result\":\"unreachable\","
                + "\"seedError\":\"HTTP 404\",\"seedStatus\":\"404\",\"pages\":\"0\"}}");
    assertThat(v1.result()).isNull();
    assertThat(v1.seed()).isNull();
    assertThat(v1.crawlResult()).contains(CrawlResult.UNREACHABLE);
    assertThat(v1.seedResult()).contains(SeedResult.failed("HTTP 404", 404));

    Outcome noSeed =
        read(
            Outcome.class,
            "{\"v\":1,\"site\":\"a.cn\",\"stage\":\"CRAWLER\",\"kind\":\"SITE_CRAWLED\","
                + "\"at\":\"2026-11-28T10:00:00Z\",\"details\":{\"pages\":\"3\"}}");
    assertThat(noSeed.seedResult()).isEmpty();
    assertThat(noSeed.crawlResult()).isEmpty();
  }

  @Test
  void theTypedFieldsWinOverTheDetailsWhenBothArePresent() {
    Outcome v2 =
        read(
            Outcome.class,
            "{\"v\":2,\"site\":\"a.cn\",\"stage\":\"CRAWLER\",\"kind\":\"SITE_CRAWLED\","
                + "\"at\":\"2026-11-28T10:00:00Z\",\"details\":{\"result\":\"ok\","
                + "\"seedStatus\":\"200\"},\"result\":\"REFUSED\","
                + "\"seed\":{\"status\":\"FAILED\",\"error\":\"refused: robots.txt\"}}");
    assertThat(v2.crawlResult()).contains(CrawlResult.REFUSED);
    assertThat(v2.seedResult()).contains(SeedResult.failed("refused: robots.txt", null));
  }

  @Test
  void unknownResultAndSeedValuesFromANewerWriterReadAsOther() {
    Outcome newer =
        read(
            Outcome.class,
            "{\"v\":3,\"site\":\"a.cn\",\"stage\":\"CRAWLER\",\"kind\":\"SITE_CRAWLED\","
                + "\"at\":\"2026-11-28T10:00:00Z\",\"result\":\"PARTIAL\","
                + "\"seed\":{\"status\":\"CACHED\",\"secondLook\":{\"result\":\"MAYBE\"},"
                + "\"addedLater\":1}}");
    assertThat(newer.crawlResult()).contains(CrawlResult.OTHER);
    assertThat(newer.seed().status()).isEqualTo(SeedResult.Status.OTHER);
    assertThat(newer.seed().secondLook().result()).isEqualTo(SeedResult.SecondLook.Result.OTHER);
    assertThat(CrawlResult.fromDetailsValue("partial")).contains(CrawlResult.OTHER);
  }

  @Test
  void secondLooksSurviveTheVersionOneDetailsBothWays() {
    SeedResult hidden =
        SeedResult.fetched(200, SHA, "http://a.cn/")
            .withSecondLook(
                SeedResult.SecondLook.hiddenFromCrawler("Mozilla/5.0", 404, "HTTP 404"));
    assertThat(hidden.toDetails())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "seedStatus",
                "200",
                "seedSha256",
                SHA,
                "seedUrl",
                "http://a.cn/",
                "confirmUserAgent",
                "Mozilla/5.0",
                "firstSeedStatus",
                "404",
                "firstSeedError",
                "HTTP 404",
                "seedHiddenFromCrawler",
                "true"));
    assertThat(SeedResult.fromDetails(hidden.toDetails())).contains(hidden);

    SeedResult gone =
        SeedResult.failed("connection failed", null)
            .withSecondLook(SeedResult.SecondLook.goneConfirmed("Mozilla/5.0", 410, null));
    assertThat(gone.toDetails())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "seedError",
                "connection failed",
                "confirmUserAgent",
                "Mozilla/5.0",
                "confirmStatus",
                "410",
                "seedGoneConfirmed",
                "true"));
    assertThat(SeedResult.fromDetails(gone.toDetails())).contains(gone);
    assertThat(roundTrip(SeedResult.class, gone)).isEqualTo(gone);
  }

  private static Outcome siteCrawledWithSeed(String seedJson) {
    return read(
        Outcome.class,
        "{\"v\":2,\"site\":\"a.cn\",\"stage\":\"CRAWLER\",\"kind\":\"SITE_CRAWLED\","
            + "\"at\":\"2026-11-28T10:00:00Z\",\"details\":{\"result\":\"ok\","
            + "\"seedStatus\":\"200\",\"seedUrl\":\"http://a.cn/\"},\"result\":\"OK\","
            + "\"seed\":"
            + seedJson
            + "}");
  }

  @Test
  void aTypedHttpStatusOutOfRangeReadsAsAbsentAsInTheDetails() {
    for (String status : new String[] {"0", "42", "1000", "-1", "99999999999", "2.5", "\"abc\""}) {
      Outcome o = siteCrawledWithSeed("{\"status\":\"FETCHED\",\"httpStatus\":" + status + "}");
      assertThat(o.seed())
          .as(status)
          .isEqualTo(new SeedResult(SeedResult.Status.FETCHED, null, null, null, null, null));
    }
    assertThat(
            siteCrawledWithSeed("{\"status\":\"FAILED\",\"httpStatus\":\"404\"}")
                .seed()
                .httpStatus())
        .isEqualTo(404);
    assertThat(roundTrip(SeedResult.class, SeedResult.fetched(200, SHA, "http://a.cn/")))
        .isEqualTo(SeedResult.fetched(200, SHA, "http://a.cn/"));
  }

  @Test
  void aTypedSeedOrSecondLookWithoutItsEnumReadsAsOther() {
    Outcome o = siteCrawledWithSeed("{\"httpStatus\":200,\"secondLook\":{}}");
    assertThat(o.seed().status()).isEqualTo(SeedResult.Status.OTHER);
    assertThat(o.seed().httpStatus()).isEqualTo(200);
    assertThat(o.seed().secondLook())
        .isEqualTo(
            new SeedResult.SecondLook(
                "", SeedResult.SecondLook.Result.OTHER, null, null, null, null));
    SeedResult.SecondLook look =
        read(SeedResult.SecondLook.class, "{\"result\":\"GONE_CONFIRMED\",\"httpStatus\":7}");
    assertThat(look.result()).isEqualTo(SeedResult.SecondLook.Result.GONE_CONFIRMED);
    assertThat(look.httpStatus()).isNull();
  }

  @Test
  void aTypedSeedThatCannotBeReadLeavesTheOutcomeReadableWithTheDetailsSeed() {
    for (String bad :
        new String[] {
          "\"FETCHED\"", "[1,2]", "42", "{\"status\":{\"x\":1}}", "{\"secondLook\":\"yes\"}"
        }) {
      Outcome o = siteCrawledWithSeed(bad);
      assertThat(o.seed()).as(bad).isNull();
      assertThat(o.site()).isEqualTo("a.cn");
      assertThat(o.crawlResult()).contains(CrawlResult.OK);
      assertThat(o.seedResult())
          .as(bad)
          .contains(
              new SeedResult(SeedResult.Status.FETCHED, 200, null, "http://a.cn/", null, null));
    }
    assertThat(siteCrawledWithSeed("null").seedResult()).isPresent();
  }

  @Test
  void aVersionOneStatusThatIsNoNumberReadsAsAbsent() {
    assertThat(SeedResult.fromDetails(Map.of("seedStatus", "abc")))
        .hasValueSatisfying(s -> assertThat(s.httpStatus()).isNull());
    assertThatThrownBy(() -> SeedResult.fetched(42, SHA, "http://a.cn/"))
        .hasMessageContaining("httpStatus");
  }

  @Test
  void otherOutcomesHaveNoTypedCrawlFacts() {
    Outcome refused =
        Outcome.of(
            "a.cn", "http://a.cn/x", Outcome.Stage.CRAWLER, Outcome.Kind.REFUSED, "robots.txt", T);
    assertThat(refused.result()).isNull();
    assertThat(refused.seed()).isNull();
    assertThat(
            new String(JsonSerde.of(Outcome.class).serialize("t", refused), StandardCharsets.UTF_8))
        .doesNotContain("\"seed\"")
        .doesNotContain("\"result\"");
  }

  @Test
  void theVerdictBuilderMakesTheSameVerdictAsTheConstructor() {
    Identifier icp =
        new Identifier(
            "icp",
            "京ICP备12345678号-1",
            "…京ICP备12345678号-1…",
            "http://a.cn/",
            Map.of("province", "北京"));
    SiteVerdict byConstructor =
        new SiteVerdict(
            2,
            "a.cn",
            3,
            true,
            0.9,
            4,
            List.of("profit"),
            null,
            null,
            "x",
            T,
            List.of("for-profit"),
            List.of(icp),
            null,
            17L);
    SiteVerdict built =
        SiteVerdict.builder()
            .site("a.cn")
            .revision(3)
            .flagged(true)
            .score(0.9)
            .pagesScored(4)
            .categories(List.of("profit"))
            .lexiconVersion("x")
            .decidedAt(T)
            .conducts(List.of("for-profit"))
            .identifiers(List.of(icp))
            .epoch(17L)
            .build();
    assertThat(built).isEqualTo(byConstructor);
    assertThat(SiteVerdict.builder().site("a.cn").revision(1).decidedAt(T).build().v())
        .isEqualTo(SiteVerdict.VERSION);
    assertThatThrownBy(() -> SiteVerdict.builder().site("a.cn").decidedAt(T).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("revision");
  }

  @Test
  void theFetchedPageBuilderMakesTheSamePageAsTheConstructor() {
    WarcRef warc =
        new WarcRef("sw-00001.warc.gz", 1234, 987, "<urn:uuid:1>", "sha256:ABC", "sha256:DEF");
    FetchedPage byConstructor =
        new FetchedPage(
            2,
            "a.cn",
            "http://a.cn/",
            "http://a.cn/b",
            200,
            Map.of("content-type", "text/html"),
            T,
            "127.0.0.1",
            "text/html",
            "UTF-8",
            "<p>hi</p>",
            true,
            SHA,
            9,
            1,
            List.of("http://a.cn/c"),
            warc,
            Map.of("truncated", "1"));
    FetchedPage built =
        FetchedPage.builder()
            .site("a.cn")
            .requestedUrl("http://a.cn/")
            .finalUrl("http://a.cn/b")
            .status(200)
            .headers(Map.of("content-type", "text/html"))
            .fetchedAt(T)
            .serverIp("127.0.0.1")
            .contentType("text/html")
            .charset("UTF-8")
            .content("<p>hi</p>")
            .contentTruncated(true)
            .bodySha256(SHA)
            .bodyLength(9)
            .depth(1)
            .outlinks(List.of("http://a.cn/c"))
            .warc(warc)
            .notes(Map.of("truncated", "1"))
            .build();
    assertThat(built).isEqualTo(byConstructor);
    assertThat(built.toBuilder().build()).isEqualTo(built);
    assertThat(built.toBuilder().depth(2).build().depth()).isEqualTo(2);

    FetchedPage minimal =
        FetchedPage.builder()
            .site("a.cn")
            .requestedUrl("http://a.cn/")
            .status(404)
            .fetchedAt(T)
            .bodySha256(SHA)
            .build();
    assertThat(minimal.v()).isEqualTo(FetchedPage.VERSION);
    assertThat(minimal.finalUrl()).isEqualTo("http://a.cn/");
    assertThat(minimal.outlinks()).isEmpty();
    assertThat(minimal.warc()).isNull();
    assertThatThrownBy(
            () ->
                FetchedPage.builder()
                    .site("a.cn")
                    .requestedUrl("http://a.cn/")
                    .status(200)
                    .fetchedAt(T)
                    .bodySha256("nope")
                    .build())
        .hasMessageContaining("bodySha256");
  }
}
