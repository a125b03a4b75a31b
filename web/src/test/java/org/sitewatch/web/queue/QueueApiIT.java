package org.sitewatch.web.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sitewatch.web.account.Role;
import org.sitewatch.web.testing.Workbench;

class QueueApiIT {
  static final ObjectMapper JSON = new ObjectMapper();
  static Workbench workbench;
  static String anaToken;
  static String auditorToken;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    workbench = Workbench.start();
    workbench.account("ana", Role.ANALYST, Workbench.BEIJING);
    workbench.account("audrey", Role.AUDITOR);
    anaToken = workbench.accounts().createToken("ana", "test");
    auditorToken = workbench.accounts().createToken("audrey", "test");
    workbench.lead("north-one.test", 0.9, Workbench.BEIJING);
    workbench.lead("north-two.test", 0.7, Workbench.BEIJING);
    workbench.lead("north-three.test", 0.5, Workbench.BEIJING);
    workbench.lead("south-one.test", 0.8, Workbench.SHANGHAI);
    workbench.lead("nowhere.test", 0.6);
  }

  @AfterAll
  static void stop() throws Exception {
    workbench.close();
  }

  @Test
  void theApiListsTheCallersLeadsHighestPriorityFirst() throws Exception {
    HttpResponse<String> r = get("/api/leads", anaToken);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    JsonNode body = JSON.readTree(r.body());
    assertThat(sites(body)).containsExactly("north-one.test", "north-two.test", "north-three.test");
    JsonNode first = body.get("leads").get(0);
    assertThat(first.get("status").asText()).isEqualTo("NEW");
    assertThat(first.get("bureaus").get(0).get("regionCode").asText()).isEqualTo(Workbench.BEIJING);
    assertThat(first.get("id").asLong()).isPositive();
    assertThat(body.get("next").isNull()).isTrue();
    assertThat(sites(JSON.readTree(get("/api/leads", auditorToken).body())))
        .contains("south-one.test", "nowhere.test")
        .hasSize(5);
  }

  @Test
  void theApiPagesWithTheCursorAndTakesTheFilters() throws Exception {
    List<String> walked = new ArrayList<>();
    String path = "/api/leads?limit=2";
    for (int i = 0; i < 5 && path != null; i++) {
      JsonNode body = JSON.readTree(get(path, anaToken).body());
      walked.addAll(sites(body));
      path =
          body.get("next").isNull()
              ? null
              : "/api/leads?limit=2&after=" + body.get("next").asText();
    }
    assertThat(walked).containsExactly("north-one.test", "north-two.test", "north-three.test");
    assertThat(sites(JSON.readTree(get("/api/leads?q=north-tw", anaToken).body())))
        .containsExactly("north-two.test");
    assertThat(sites(JSON.readTree(get("/api/leads?q=south-one.test", anaToken).body()))).isEmpty();
    assertThat(
            sites(
                JSON.readTree(get("/api/leads?bureau=" + Workbench.SHANGHAI, auditorToken).body())))
        .containsExactly("south-one.test");
    assertThat(sites(JSON.readTree(get("/api/leads?status=TRIAGED", auditorToken).body())))
        .isEmpty();
  }

  @Test
  void withoutAValidTokenTheApiAnswers401() throws Exception {
    assertThat(get("/api/leads", null).statusCode()).isEqualTo(401);
    HttpResponse<String> wrong = get("/api/leads", "not-a-token");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).doesNotContain("north-one");
  }

  @Test
  void badParametersAnswer400NeverAServerError() throws Exception {
    for (String query :
        List.of(
            "status=OPENED",
            "flag=purple",
            "bureau=11",
            "conduct=%3Cb%3E",
            "assignee=Not%20A%20Name",
            "new=maybe",
            "after=%25%25",
            "after=bm90IGEgY3Vyc29y",
            "limit=0",
            "limit=100000",
            "limit=ten",
            "q=" + "x".repeat(600),
            "q=a&q=b")) {
      assertThat(get("/api/leads?" + query, anaToken).statusCode()).as(query).isEqualTo(400);
    }
    assertThat(get("/api/leads?q=%25&status=&flag=", anaToken).statusCode()).isEqualTo(200);
  }

  private static HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(workbench.url(path))).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> sites(JsonNode body) {
    List<String> sites = new ArrayList<>();
    body.get("leads").forEach(l -> sites.add(l.get("site").asText()));
    return sites;
  }
}
