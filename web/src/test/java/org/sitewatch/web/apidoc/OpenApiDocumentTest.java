package org.sitewatch.web.apidoc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The OpenAPI document served at {@code /api/openapi.json}, read as the resource it is. */
class OpenApiDocumentTest {
  static final JsonNode DOC = parse();

  static JsonNode parse() {
    try {
      return new ObjectMapper().readTree(OpenApiFeature.read());
    } catch (java.io.IOException e) {
      throw new AssertionError("openapi.json is not valid JSON", e);
    }
  }

  @Test
  void isAnOpenApi30DocumentWithABearerSchemeRequiredEverywhere() {
    assertThat(DOC.path("openapi").asText()).startsWith("3.0.");
    assertThat(DOC.path("info").path("title").asText()).isNotBlank();
    assertThat(DOC.path("info").path("version").asText()).isNotBlank();
    JsonNode bearer = DOC.path("components").path("securitySchemes").path("bearer");
    assertThat(bearer.path("type").asText()).isEqualTo("http");
    assertThat(bearer.path("scheme").asText()).isEqualTo("bearer");
    assertThat(DOC.path("security").get(0).has("bearer")).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "/api/leads, get",
    "/api/leads/{id}, get",
    "/api/leads/{id}/actions, post",
    "/api/stats, get",
  })
  void describesEachApiRoute(String path, String method) {
    JsonNode operation = DOC.path("paths").path(path).path(method);
    assertThat(operation.isObject()).as(method + " " + path).isTrue();
    assertThat(operation.path("responses").has("200")).isTrue();
    assertThat(operation.path("responses").has("401")).isTrue();
  }

  @Test
  void theLeadListTakesEveryFilterAsAQueryParameter() {
    List<String> names = new ArrayList<>();
    for (JsonNode p : DOC.path("paths").path("/api/leads").path("get").path("parameters")) {
      assertThat(p.path("in").asText()).isEqualTo("query");
      names.add(p.path("name").asText());
    }
    assertThat(names)
        .containsExactlyInAnyOrder(
            "status",
            "conduct",
            "flag",
            "bureau",
            "newEvidence",
            "assignee",
            "q",
            "after",
            "limit");
  }

  @Test
  void anActionTakesItsBodyAndAnswersEachRefusal() {
    JsonNode post = DOC.path("paths").path("/api/leads/{id}/actions").path("post");
    assertThat(post.path("responses").fieldNames())
        .toIterable()
        .contains("200", "400", "403", "404", "409");
    JsonNode body =
        resolve(post.path("requestBody").path("content").path("application/json").path("schema"));
    assertThat(body.path("required").toString()).contains("\"action\"");
    assertThat(body.path("properties").fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("action", "note", "expectedStatus", "reason", "assignee");
    assertThat(resolve(body.path("properties").path("action")).path("enum").toString())
        .contains("\"TRIAGE\"", "\"REFER\"", "\"ACK\"");
  }

  @Test
  void aLeadCarriesTheReasonsBehindItsConductsWithSignalSnippetAndPage() {
    JsonNode lead =
        resolve(
            DOC.path("paths")
                .path("/api/leads/{id}")
                .path("get")
                .path("responses")
                .path("200")
                .path("content")
                .path("application/json")
                .path("schema"));
    JsonNode reasons =
        lead.path("allOf")
            .get(1)
            .path("properties")
            .path("leadCase")
            .path("properties")
            .path("lead")
            .path("properties")
            .path("conductReasons");
    assertThat(reasons.path("type").asText()).isEqualTo("array");
    JsonNode reason = resolve(reasons.path("items"));
    assertThat(reason.path("properties").fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder("conduct", "signal", "snippet", "url");
  }

  @Test
  void everyReferenceResolves() {
    List<String> refs = new ArrayList<>();
    collectRefs(DOC, refs);
    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(ref).startsWith("#/");
      assertThat(DOC.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
    }
  }

  static JsonNode resolve(JsonNode node) {
    return node.has("$ref") ? DOC.at(node.path("$ref").asText().substring(1)) : node;
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.has("$ref")) {
      refs.add(node.path("$ref").asText());
    }
    node.elements().forEachRemaining(child -> collectRefs(child, refs));
  }
}
