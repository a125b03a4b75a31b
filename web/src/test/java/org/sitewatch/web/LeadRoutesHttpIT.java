package org.sitewatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.sitewatch.sink.evidence.bundle.BundleLayout;
import org.sitewatch.sink.evidence.custody.CustodyEntry;
import org.sitewatch.sink.evidence.custody.CustodyLog;
import org.sitewatch.sink.evidence.signing.SigningKey;
import org.sitewatch.sink.lead.HistoryEntry;
import org.sitewatch.sink.lead.Lead;
import org.sitewatch.sink.lead.LeadStatus;
import org.sitewatch.sink.workflow.LeadWorkflow;
import org.sitewatch.web.account.Role;
import org.sitewatch.web.testing.Workbench;

/**
 * Every route of the lead page over plain HTTP: the bureau rule, the API, the evidence download.
 */
class LeadRoutesHttpIT {
  static Workbench workbench;
  static LeadWorkflow workflow;
  static CustodyLog custody;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();
  static String token;

  @BeforeAll
  static void start() {
    workbench = Workbench.start(b -> b.signingKey(SigningKey.generate()));
    workbench.account("ana", Role.ANALYST, Workbench.BEIJING);
    token = workbench.accounts().createToken("ana", "test");
    workflow = new LeadWorkflow(workbench.databases().analyst(), Clock.systemUTC());
    custody = new CustodyLog(workbench.databases().analyst(), Clock.systemUTC());
  }

  @AfterAll
  static void stop() throws Exception {
    workbench.close();
  }

  /** A signed-in browser session: its cookie and CSRF token. */
  record Session(String cookie, String csrf) {
    static Session of(String name) throws Exception {
      HttpResponse<String> login =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(workbench.url("/login")))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(form(Map.of("username", name, "password", Workbench.PASSWORD)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
      HttpResponse<String> queue =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(workbench.url("/queue")))
                  .header("Cookie", cookie)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      Matcher m = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"").matcher(queue.body());
      assertThat(m.find()).as("a CSRF token on the queue page").isTrue();
      return new Session(cookie, m.group(1));
    }

    HttpResponse<String> get(String path) throws Exception {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create(workbench.url(path))).header("Cookie", cookie).build(),
          HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, Map<String, String> fields) throws Exception {
      Map<String, String> all = new LinkedHashMap<>(fields);
      all.put("_csrf", csrf);
      return HTTP.send(
          HttpRequest.newBuilder(URI.create(workbench.url(path)))
              .header("Cookie", cookie)
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(form(all))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  static HttpRequest.BodyPublisher form(Map<String, String> fields) {
    return HttpRequest.BodyPublishers.ofString(
        fields.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&")));
  }

  static HttpResponse<String> apiGet(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(workbench.url(path)))
            .header("Authorization", "Bearer " + token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> apiPost(String path, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(workbench.url(path)))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static LeadStatus status(Lead lead) {
    return workflow.find(Long.toString(lead.id())).orElseThrow().lead().status();
  }

  @Test
  void everyLeadRouteAnswers404ForAnotherBureausLeadAsForAMissingOne() throws Exception {
    Lead theirs = workbench.lead("shanghai-only.test", 0.9, Workbench.SHANGHAI);
    Session ana = Session.of("ana");
    for (long id : new long[] {theirs.id(), 987_654_321L}) {
      List<HttpResponse<String>> answers = new ArrayList<>();
      answers.add(ana.get("/leads/" + id));
      answers.add(
          ana.post(
              "/leads/" + id + "/actions", Map.of("action", "TRIAGE", "expectedStatus", "NEW")));
      answers.add(ana.get("/leads/" + id + "/evidence"));
      answers.add(ana.get("/api/leads/" + id));
      answers.add(apiGet("/api/leads/" + id));
      answers.add(
          apiPost(
              "/api/leads/" + id + "/actions",
              "{\"action\":\"TRIAGE\",\"expectedStatus\":\"NEW\"}"));
      for (HttpResponse<String> r : answers) {
        assertThat(r.statusCode()).as(r.request().method() + " " + r.uri()).isEqualTo(404);
        assertThat(r.body()).doesNotContain("shanghai-only.test");
      }
    }
    assertThat(status(theirs)).isEqualTo(LeadStatus.NEW);
    assertThat(workflow.history(theirs.id())).isEmpty();
    assertThat(custody.entries(theirs.id()))
        .extracting(CustodyEntry::action)
        .doesNotContain("EXPORTED");
  }

  @Test
  void theApiActsAsTheTokensAccountGuardedByTheStatusItSaw() throws Exception {
    Lead lead = workbench.lead("api-shop.test", 0.9, Workbench.BEIJING);
    String path = "/api/leads/" + lead.id() + "/actions";

    HttpResponse<String> triaged =
        apiPost(
            path, "{\"action\":\"TRIAGE\",\"note\":\"via the API\",\"expectedStatus\":\"NEW\"}");
    assertThat(triaged.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(triaged.body()).path("status").asText()).isEqualTo("TRIAGED");
    HistoryEntry entry = workflow.history(lead.id()).get(0);
    assertThat(entry.actor()).isEqualTo("ana");
    assertThat(entry.note()).isEqualTo("via the API");

    HttpResponse<String> stale =
        apiPost(
            path, "{\"action\":\"DISMISS\",\"expectedStatus\":\"NEW\",\"reason\":\"DUPLICATE\"}");
    assertThat(stale.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(stale.body()).path("error").asText()).contains("someone else");

    assertThat(apiPost(path, "{\"action\":\"REFER\",\"expectedStatus\":\"TRIAGED\"}").statusCode())
        .isEqualTo(403);
    assertThat(apiPost(path, "{\"action\":\"CONFIRM\"}").statusCode()).isEqualTo(400);
    assertThat(apiPost(path, "{\"action\":\"LAUNCH\",\"expectedStatus\":\"TRIAGED\"}").statusCode())
        .isEqualTo(400);
    assertThat(
            apiPost(
                    path,
                    "{\"action\":\"CONFIRM\",\"expectedStatus\":\"TRIAGED\",\"actor\":\"eve\"}")
                .statusCode())
        .isEqualTo(400);
    assertThat(apiPost(path, "not json").statusCode()).isEqualTo(400);
    assertThat(apiPost(path, "{\"note\":\"" + "x".repeat(20_000) + "\"}").statusCode())
        .isEqualTo(413);
    assertThat(status(lead)).isEqualTo(LeadStatus.TRIAGED);
    assertThat(workflow.history(lead.id())).hasSize(1);

    JsonNode detail = JSON.readTree(apiGet("/api/leads/" + lead.id()).body());
    assertThat(detail.path("leadCase").path("lead").path("site").asText())
        .isEqualTo("api-shop.test");
    assertThat(detail.path("timeline").get(0).path("actor").asText()).isEqualTo("ana");
  }

  @Test
  void aStaleFormPostAnswers409AndAnActionTheRoleLacks403() throws Exception {
    Lead lead = workbench.lead("form-shop.test", 0.9, Workbench.BEIJING);
    Session ana = Session.of("ana");
    String path = "/leads/" + lead.id() + "/actions";
    HttpResponse<String> done = ana.post(path, Map.of("action", "TRIAGE", "expectedStatus", "NEW"));
    assertThat(done.statusCode()).isEqualTo(303);
    assertThat(done.headers().firstValue("Location")).contains("/leads/" + lead.id());
    HttpResponse<String> stale =
        ana.post(path, Map.of("action", "DISMISS", "expectedStatus", "NEW", "reason", "DUPLICATE"));
    assertThat(stale.statusCode()).isEqualTo(409);
    assertThat(stale.body()).contains("href=\"/leads/" + lead.id() + "\"");
    assertThat(ana.post(path, Map.of("action", "REFER", "expectedStatus", "TRIAGED")).statusCode())
        .isEqualTo(403);
    assertThat(status(lead)).isEqualTo(LeadStatus.TRIAGED);
  }

  @Test
  void theEvidenceBundleDownloadsAsAZipAndTheExportIsInTheCustodyLogUnderTheUser()
      throws Exception {
    Lead lead = workbench.lead("bundle-shop.test", 0.9, Workbench.BEIJING);
    Session ana = Session.of("ana");
    HttpResponse<byte[]> zip =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(workbench.url("/leads/" + lead.id() + "/evidence")))
                .header("Cookie", ana.cookie())
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(zip.statusCode()).isEqualTo(200);
    assertThat(zip.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/zip"));
    assertThat(zip.headers().firstValue("Content-Disposition"))
        .hasValueSatisfying(d -> assertThat(d).startsWith("attachment"));
    List<String> names = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        names.add(e.getName());
      }
    } catch (IOException e) {
      throw new AssertionError("not a zip", e);
    }
    assertThat(names).contains(BundleLayout.MANIFEST, BundleLayout.LEAD, BundleLayout.CUSTODY);
    CustodyEntry last = custody.entries(lead.id()).get(custody.entries(lead.id()).size() - 1);
    assertThat(last.action()).isEqualTo("EXPORTED");
    assertThat(last.actor()).isEqualTo("ana");
  }
}
