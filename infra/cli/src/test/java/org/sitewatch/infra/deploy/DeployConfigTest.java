package org.sitewatch.infra.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.sitewatch.infra.deploy.DeployFiles.at;
import static org.sitewatch.infra.deploy.DeployFiles.list;
import static org.sitewatch.infra.deploy.DeployFiles.map;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sitewatch.infra.kafka.TopicAdmin;

/**
 * The deployment files of infra/deploy (compose, Kubernetes, Prometheus, Grafana) parse, and agree
 * with the contracts in docs: the meters of docs/metrics.md, the topics of docs/topics.md and the
 * ACLs of docs/security.md. Where promtool is installed, the alert rules pass {@code promtool check
 * rules} and their unit tests {@code promtool test rules}.
 */
class DeployConfigTest {
  private static final Set<String> STAGE_COMMANDS =
      Set.of("crawler", "classifier", "sink", "workbench", "tips");

  static Stream<Path> yamlFiles() {
    return DeployFiles.files(".yaml", ".yml").stream();
  }

  static Stream<Path> jsonFiles() {
    return DeployFiles.files(".json").stream();
  }

  @ParameterizedTest
  @MethodSource("yamlFiles")
  void everyYamlFileParses(Path file) {
    assertThat(DeployFiles.yamlDocuments(file)).as(file.toString()).isNotEmpty();
  }

  @ParameterizedTest
  @MethodSource("jsonFiles")
  void everyJsonFileParses(Path file) {
    assertThat(DeployFiles.json(file).isObject()).as(file.toString()).isTrue();
  }

  @Test
  void deployFilesExistForEveryPart() {
    assertThat(DeployFiles.files(".yaml", ".yml", ".json"))
        .extracting(
            p -> DeployFiles.deploy().relativize(p).toString().replace(File.separatorChar, '/'))
        .contains(
            "compose/compose.yaml",
            "compose/prometheus.yml",
            "prometheus/alerts.yaml",
            "prometheus/alerts-test.yaml",
            "k8s/kafka.yaml",
            "k8s/topics.yaml",
            "k8s/users.yaml",
            "grafana/sitewatch-overview.json",
            "grafana/sitewatch-crawler.json",
            "grafana/sitewatch-classifier.json",
            "grafana/sitewatch-sink.json");
  }

  // --- meters -------------------------------------------------------------------------------

  @Test
  void everyMetricOfTheAlertRulesIsAMeterOfTheMetricsContract() {
    Map<String, Set<String>> used = new LinkedHashMap<>();
    for (Object group : list(DeployFiles.yaml(alerts()).get("groups"))) {
      for (Object rule : list(map(group).get("rules"))) {
        String name = String.valueOf(map(rule).get("alert"));
        used.put(name, PromQl.metricNames(String.valueOf(map(rule).get("expr"))));
      }
    }
    assertThat(used).isNotEmpty();
    assertDocumented(used);
  }

  @Test
  void everyMetricOfTheDashboardsIsAMeterOfTheMetricsContract() {
    Map<String, Set<String>> used = new LinkedHashMap<>();
    for (Path file : DeployFiles.files(".json")) {
      for (JsonNode panel : DeployFiles.json(file).path("panels")) {
        for (JsonNode target : panel.path("targets")) {
          used.put(
              file.getFileName() + ": " + panel.path("title").asText(),
              PromQl.metricNames(target.path("expr").asText()));
        }
      }
    }
    assertThat(used).hasSizeGreaterThan(20);
    assertDocumented(used);
  }

  @Test
  void metricNamesAreReadFromExpressionsWithoutLabelsFunctionsOrKeywords() {
    assertThat(
            PromQl.metricNames(
                "sum by (stage, topic) (rate(sitewatch_records_rejected_total{stage=\"sink\"}[5m]))"
                    + " > 1e3 and (histogram_quantile(0.9, sum by (le)"
                    + " (rate(sitewatch_fetch_to_lead_seconds_bucket[30m]))) or vector(0)) == 0"))
        .containsExactly(
            "sitewatch_fetch_to_lead_seconds_bucket", "sitewatch_records_rejected_total");
  }

  private static void assertDocumented(Map<String, Set<String>> usedByPlace) {
    Meters meters = Meters.fromDocs();
    List<String> unknown = new ArrayList<>();
    usedByPlace.forEach(
        (place, names) ->
            names.stream()
                .filter(n -> !meters.documents(n))
                .forEach(n -> unknown.add(place + " reads " + n)));
    assertThat(unknown).as("metric names not in docs/metrics.md").isEmpty();
  }

  /** The meter names and binder prefixes of docs/metrics.md. */
  record Meters(Set<String> names, Set<String> timers, Set<String> prefixes) {
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`(sitewatch_[a-z0-9_]+)`(.*)$");
    private static final Pattern PREFIX = Pattern.compile("`([a-z][a-z0-9]*(?:_[a-z0-9]+)*_)\\*`");

    static Meters fromDocs() {
      String doc = DeployFiles.read(DeployFiles.root().resolve("docs/metrics.md"));
      Set<String> names = new TreeSet<>();
      Set<String> timers = new TreeSet<>();
      for (String line : doc.split("\n")) {
        Matcher m = ROW.matcher(line);
        if (m.find()) {
          names.add(m.group(1));
          if (m.group(2).contains("timer")) {
            timers.add(m.group(1));
          }
        }
      }
      Set<String> prefixes = new TreeSet<>();
      Matcher p = PREFIX.matcher(doc);
      while (p.find()) {
        prefixes.add(p.group(1));
      }
      return new Meters(names, timers, prefixes);
    }

    boolean documents(String name) {
      if (name.equals("up")) {
        return true; // Prometheus's own: whether a target answered its last scrape
      }
      if (names.contains(name) || prefixes.stream().anyMatch(name::startsWith)) {
        return true;
      }
      return Stream.of("_bucket", "_count", "_sum", "_max")
          .anyMatch(
              s ->
                  name.endsWith(s)
                      && timers.contains(name.substring(0, name.length() - s.length())));
    }
  }

  @Test
  void everyAlertLinksToItsOwnSectionOfTheRunbook() {
    Set<String> anchors = new TreeSet<>();
    for (String line :
        DeployFiles.read(DeployFiles.root().resolve("docs/operations-runbook.md")).split("\n")) {
      if (line.startsWith("#")) {
        anchors.add(
            line.replaceFirst("^#+\\s*", "")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9 -]", "")
                .replace(' ', '-'));
      }
    }
    List<String> broken = new ArrayList<>();
    for (Object group : list(DeployFiles.yaml(alerts()).get("groups"))) {
      for (Object rule : list(map(group).get("rules"))) {
        String alert = String.valueOf(map(rule).get("alert"));
        String runbook = String.valueOf(at(rule, "annotations", "runbook"));
        String expected = "docs/operations-runbook.md#" + alert.toLowerCase(Locale.ROOT);
        if (!runbook.equals(expected) || !anchors.contains(alert.toLowerCase(Locale.ROOT))) {
          broken.add(alert + " -> " + runbook);
        }
      }
    }
    assertThat(broken).as("alerts without their runbook section").isEmpty();
    assertThat(anchors).contains("the-image", "scaling", "rolling-upgrade", "alerts");
  }

  // --- Prometheus ---------------------------------------------------------------------------

  @Test
  void promtoolAcceptsTheAlertRules() throws Exception {
    assertThat(promtool("check", "rules", alerts().toString()).exitCode).isZero();
  }

  @Test
  void alertRulesPassTheirUnitTests() throws Exception {
    Run run = promtool("test", "rules", alerts().resolveSibling("alerts-test.yaml").toString());
    assertThat(run.exitCode).as(run.output).isZero();
  }

  @Test
  void everyDashboardExpressionIsValidPromQl(@TempDir Path dir) throws Exception {
    StringBuilder rules = new StringBuilder("groups:\n  - name: dashboards\n    rules:\n");
    int n = 0;
    for (Path file : DeployFiles.files(".json")) {
      for (JsonNode panel : DeployFiles.json(file).path("panels")) {
        for (JsonNode target : panel.path("targets")) {
          String expr = target.path("expr").asText().replace("$instance", ".*");
          rules.append("      - record: dashboard:expr").append(n++).append('\n');
          rules.append("        expr: '").append(expr.replace("'", "''")).append("'\n");
        }
      }
    }
    Path file = dir.resolve("dashboard-rules.yaml");
    Files.writeString(file, rules, StandardCharsets.UTF_8);
    Run run = promtool("check", "rules", file.toString());
    assertThat(run.exitCode).as(run.output).isZero();
  }

  @Test
  void composePrometheusScrapesTheOperationsPortOfEveryStageProcess() {
    Map<String, Object> compose = DeployFiles.yaml(compose());
    Set<String> targets = new HashSet<>();
    for (Object job :
        list(DeployFiles.yaml(compose().resolveSibling("prometheus.yml")).get("scrape_configs"))) {
      for (Object sc : list(map(job).get("static_configs"))) {
        list(map(sc).get("targets")).forEach(t -> targets.add(String.valueOf(t)));
      }
    }
    Set<String> stageServices = new TreeSet<>();
    map(compose.get("services"))
        .forEach(
            (name, def) -> {
              Object command = map(def).get("command");
              if (command instanceof List<?> c
                  && !c.isEmpty()
                  && STAGE_COMMANDS.contains(c.get(0))) {
                stageServices.add(name);
                Map<String, Object> env = map(map(def).get("environment"));
                assertThat(env).as(name).containsEntry("SITEWATCH_METRICS_PORT", "9464");
                assertThat(env).as(name).containsEntry("SITEWATCH_METRICS_BIND_ADDRESS", "0.0.0.0");
              }
            });
    assertThat(stageServices)
        .containsExactlyInAnyOrder(
            "crawler-1", "crawler-2", "classifier", "sink", "workbench", "tips");
    assertThat(targets).containsAll(stageServices.stream().map(s -> s + ":9464").toList());
  }

  // --- Kafka: topics and ACLs ---------------------------------------------------------------

  @Test
  void everyTopicOfTheTopicsDocIsAKafkaTopicWithItsCleanupPolicy() {
    Map<String, Map<String, Object>> topics = kafkaTopics();
    Pattern row = Pattern.compile("^\\|\\s*`([a-z-]+)`\\s*\\|(.*)$");
    Map<String, Boolean> compactByTopic = new LinkedHashMap<>();
    for (String line : DeployFiles.read(DeployFiles.root().resolve("docs/topics.md")).split("\n")) {
      Matcher m = row.matcher(line);
      if (m.find()) {
        String[] cells = m.group(2).split("\\|");
        compactByTopic.put(m.group(1), cells.length > 3 && cells[3].contains("compact"));
      }
    }
    assertThat(compactByTopic).containsKeys("crawl-requests", "pages", "verdicts", "lexicons");
    compactByTopic.forEach(
        (topic, compact) -> {
          Map<String, Object> spec = topics.get("sitewatch." + topic);
          assertThat(spec).as("KafkaTopic for " + topic).isNotNull();
          assertThat(String.valueOf(at(spec, "config", "cleanup.policy")))
              .as(topic)
              .isEqualTo(compact ? "compact" : "delete");
          assertThat(spec.get("replicas")).as(topic).isEqualTo(3);
        });
    Object requestPartitions = topics.get("sitewatch.crawl-requests").get("partitions");
    assertThat(topics.get("sitewatch.crawl-discoveries").get("partitions"))
        .isEqualTo(requestPartitions);
    assertThat(topics.get("sitewatch.crawl-state").get("partitions")).isEqualTo(requestPartitions);
    assertThat(topics.get("sitewatch.lexicons").get("partitions")).isEqualTo(1);
  }

  /**
   * The topics the project creates itself take records up to 8 MiB (a page of the body cap with its
   * capture, a lexicon of 4 MiB); a KafkaTopic without the setting would refuse such a record with
   * the broker's 1 MiB default.
   */
  @Test
  void everyKafkaTopicTakesRecordsAsLargeAsTheTopicsTheProjectCreates() {
    Map<String, Map<String, Object>> topics = kafkaTopics();
    assertThat(topics).isNotEmpty();
    topics.forEach(
        (topic, spec) ->
            assertThat(String.valueOf(at(spec, "config", "max.message.bytes")))
                .as(topic)
                .isEqualTo(Integer.toString(TopicAdmin.MAX_MESSAGE_BYTES)));
  }

  @Test
  void everyLiteralTopicOfAKafkaUserAclIsAKafkaTopic() {
    Set<String> topics = kafkaTopics().keySet();
    List<String> missing = new ArrayList<>();
    for (Acl acl : kafkaUserAcls()) {
      if (acl.type.equals("topic") && acl.pattern.equals("literal") && !topics.contains(acl.name)) {
        missing.add(acl.principal + " -> " + acl.name);
      }
    }
    assertThat(kafkaUserAcls()).isNotEmpty();
    assertThat(missing).as("ACL topics without a KafkaTopic").isEmpty();
  }

  @Test
  void kafkaUserAclsAreExactlyTheAclsOfTheSecurityDocForEveryStagePrincipal() {
    Set<Acl> documented = securityDocAcls();
    Set<String> users = new TreeSet<>();
    for (Map<String, Object> u : DeployFiles.k8s("KafkaUser")) {
      users.add(String.valueOf(at(u, "metadata", "name")));
    }
    assertThat(users)
        .containsExactlyInAnyOrder(
            "sitewatch-crawler",
            "sitewatch-classifier",
            "sitewatch-sink",
            "sitewatch-tips",
            "sitewatch-workbench");
    Set<Acl> documentedForUsers = new TreeSet<>();
    documented.stream().filter(a -> users.contains(a.principal)).forEach(documentedForUsers::add);
    assertThat(new TreeSet<>(kafkaUserAcls())).isEqualTo(documentedForUsers);
  }

  /** One allowed operation on one resource, as kafka-acls.sh or a KafkaUser states it. */
  record Acl(String principal, String type, String name, String pattern, String operation)
      implements Comparable<Acl> {
    @Override
    public int compareTo(Acl o) {
      return toString().compareTo(o.toString());
    }
  }

  private static List<Acl> kafkaUserAcls() {
    List<Acl> acls = new ArrayList<>();
    for (Map<String, Object> user : DeployFiles.k8s("KafkaUser")) {
      String principal = String.valueOf(at(user, "metadata", "name"));
      for (Object a : list(at(user, "spec", "authorization", "acls"))) {
        Map<String, Object> resource = map(map(a).get("resource"));
        String type = String.valueOf(resource.get("type")).toLowerCase(Locale.ROOT);
        String pattern = String.valueOf(resource.getOrDefault("patternType", "literal"));
        for (Object op : list(map(a).get("operations"))) {
          acls.add(
              new Acl(
                  principal,
                  type,
                  String.valueOf(resource.get("name")),
                  pattern,
                  String.valueOf(op).toLowerCase(Locale.ROOT)));
        }
      }
    }
    return acls;
  }

  /** The kafka-acls.sh lines of docs/security.md, each option expanded to single ACLs. */
  private static Set<Acl> securityDocAcls() {
    Set<Acl> acls = new TreeSet<>();
    for (String line :
        DeployFiles.read(DeployFiles.root().resolve("docs/security.md")).split("\n")) {
      if (!line.startsWith("$A --allow-principal User:")) {
        continue;
      }
      String[] words = line.trim().split("\\s+");
      String principal = null;
      String pattern = "literal";
      List<String> operations = new ArrayList<>();
      List<String[]> resources = new ArrayList<>();
      for (int i = 1; i + 1 < words.length; i++) {
        String value = words[i + 1];
        switch (words[i]) {
          case "--allow-principal" -> principal = value.substring("User:".length());
          case "--operation" -> operations.add(value.toLowerCase(Locale.ROOT));
          case "--resource-pattern-type" -> pattern = value.equals("prefixed") ? "prefix" : value;
          case "--topic" -> resources.add(new String[] {"topic", value});
          case "--group" -> resources.add(new String[] {"group", value});
          case "--transactional-id" -> resources.add(new String[] {"transactionalid", value});
          default -> {}
        }
      }
      for (String[] r : resources) {
        for (String op : operations) {
          acls.add(new Acl(principal, r[0], r[1], pattern, op));
        }
      }
    }
    assertThat(acls).as("kafka-acls.sh lines in docs/security.md").hasSizeGreaterThan(10);
    return acls;
  }

  private static Map<String, Map<String, Object>> kafkaTopics() {
    Map<String, Map<String, Object>> topics = new HashMap<>();
    for (Map<String, Object> t : DeployFiles.k8s("KafkaTopic")) {
      Object name = at(t, "spec", "topicName");
      topics.put(
          String.valueOf(name != null ? name : at(t, "metadata", "name")), map(t.get("spec")));
    }
    return topics;
  }

  // --- Kubernetes workloads -----------------------------------------------------------------

  @Test
  void everyStageWorkloadHasHealthProbesResourcesAndRunsAsNonRoot() {
    List<Map<String, Object>> workloads = new ArrayList<>(DeployFiles.k8s("Deployment"));
    workloads.addAll(DeployFiles.k8s("StatefulSet"));
    Set<String> components = new TreeSet<>();
    for (Map<String, Object> w : workloads) {
      String name = String.valueOf(at(w, "metadata", "name"));
      components.add(String.valueOf(at(w, "metadata", "labels", "app.kubernetes.io/component")));
      Map<String, Object> pod = map(at(w, "spec", "template", "spec"));
      assertThat(at(pod, "securityContext", "runAsNonRoot")).as(name).isEqualTo(true);
      for (Object c : list(pod.get("containers"))) {
        assertThat(at(c, "livenessProbe", "httpGet", "path")).as(name).isEqualTo("/health/live");
        assertThat(at(c, "readinessProbe", "httpGet", "path")).as(name).isEqualTo("/health/ready");
        assertThat(list(map(c).get("ports")))
            .as(name)
            .anySatisfy(
                p ->
                    assertThat(map(p))
                        .containsEntry("name", "ops")
                        .containsEntry("containerPort", 9464));
        for (String kind : List.of("requests", "limits")) {
          assertThat(map(at(c, "resources", kind)))
              .as(name + " " + kind)
              .containsKeys("cpu", "memory");
        }
      }
    }
    assertThat(components).isEqualTo(new TreeSet<>(STAGE_COMMANDS));
  }

  /** The stages that are members of consumer groups, and so take a static member id. */
  private static final Set<String> GROUP_STAGES = Set.of("crawler", "classifier", "sink");

  @Test
  void everyGroupStageIsAStatefulSetWhosePodNameIsItsStaticMemberId() {
    Set<String> headless = new TreeSet<>();
    for (Map<String, Object> svc : DeployFiles.k8s("Service")) {
      if ("None".equals(String.valueOf(at(svc, "spec", "clusterIP")))) {
        headless.add(String.valueOf(at(svc, "metadata", "name")));
      }
    }
    Set<String> stages = new TreeSet<>();
    for (Map<String, Object> set : DeployFiles.k8s("StatefulSet")) {
      String stage = String.valueOf(at(set, "metadata", "labels", "app.kubernetes.io/component"));
      if (!GROUP_STAGES.contains(stage)) {
        continue;
      }
      stages.add(stage);
      assertThat(headless)
          .as(stage + " governing Service")
          .contains(String.valueOf(at(set, "spec", "serviceName")));
      String var = "SITEWATCH_" + stage.toUpperCase(Locale.ROOT) + "_KAFKA_GROUP_INSTANCE_ID";
      for (Object c : list(at(set, "spec", "template", "spec", "containers"))) {
        assertThat(list(map(c).get("env")))
            .as(stage + " " + var)
            .anySatisfy(
                e -> {
                  assertThat(map(e)).containsEntry("name", var);
                  assertThat(at(e, "valueFrom", "fieldRef", "fieldPath"))
                      .isEqualTo("metadata.name");
                });
      }
    }
    assertThat(stages).isEqualTo(GROUP_STAGES);
    for (Map<String, Object> d : DeployFiles.k8s("Deployment")) {
      assertThat(String.valueOf(at(d, "metadata", "labels", "app.kubernetes.io/component")))
          .as("a Deployment's pod names change with every rollout")
          .isNotIn(GROUP_STAGES);
    }
    for (Map<String, Object> scaled : DeployFiles.k8s("ScaledObject")) {
      assertThat(map(at(scaled, "spec", "scaleTargetRef")))
          .containsEntry("kind", "StatefulSet")
          .containsEntry("apiVersion", "apps/v1");
    }
  }

  @Test
  void everyComposeGroupStageServiceHasItsOwnStaticMemberId() {
    Map<String, String> idByService = new TreeMap<>();
    map(DeployFiles.yaml(compose()).get("services"))
        .forEach(
            (name, def) -> {
              Object command = map(def).get("command");
              if (command instanceof List<?> c
                  && !c.isEmpty()
                  && GROUP_STAGES.contains(String.valueOf(c.get(0)))) {
                String var =
                    "SITEWATCH_"
                        + String.valueOf(c.get(0)).toUpperCase(Locale.ROOT)
                        + "_KAFKA_GROUP_INSTANCE_ID";
                Map<String, Object> env = map(map(def).get("environment"));
                assertThat(env).as(name).containsKey(var);
                idByService.put(c.get(0) + "/" + name, String.valueOf(env.get(var)));
              }
            });
    assertThat(idByService)
        .containsOnlyKeys(
            "crawler/crawler-1", "crawler/crawler-2", "classifier/classifier", "sink/sink");
    assertThat(new HashSet<>(idByService.values()))
        .as("two processes with one id fence each other")
        .hasSize(idByService.size());
  }

  /** The crawler's JVM option; why: docs/crawler-benchmark.md, "What picks the mode". */
  private static final String CRAWLER_JVM_OPTION = "-XX:-ProfileInterpreter";

  @Test
  void everyCrawlerProcessRunsWithoutInterpreterProfiling() {
    List<String> crawlers = new ArrayList<>();
    for (Map<String, Object> set : DeployFiles.k8s("StatefulSet")) {
      if (!"crawler".equals(at(set, "metadata", "labels", "app.kubernetes.io/component"))) {
        continue;
      }
      for (Object c : list(at(set, "spec", "template", "spec", "containers"))) {
        crawlers.add("k8s " + map(c).get("name"));
        assertThat(list(map(c).get("env")))
            .as("k8s crawler JAVA_TOOL_OPTIONS")
            .anySatisfy(
                e -> {
                  assertThat(map(e)).containsEntry("name", "JAVA_TOOL_OPTIONS");
                  assertThat(String.valueOf(map(e).get("value")).split(" "))
                      .contains(CRAWLER_JVM_OPTION);
                });
      }
    }
    map(DeployFiles.yaml(compose()).get("services"))
        .forEach(
            (name, def) -> {
              if (List.of("crawler").equals(map(def).get("command"))) {
                crawlers.add("compose " + name);
                Object options = map(map(def).get("environment")).get("JAVA_TOOL_OPTIONS");
                assertThat(String.valueOf(options).split(" "))
                    .as(name + " JAVA_TOOL_OPTIONS")
                    .contains(CRAWLER_JVM_OPTION);
              }
            });
    assertThat(crawlers).contains("k8s crawler", "compose crawler-1", "compose crawler-2");
  }

  // --- helpers ------------------------------------------------------------------------------

  private static Path alerts() {
    return DeployFiles.deploy().resolve("prometheus/alerts.yaml");
  }

  private static Path compose() {
    return DeployFiles.deploy().resolve("compose/compose.yaml");
  }

  private record Run(int exitCode, String output) {}

  /** Runs promtool where it is installed (Debian: package prometheus); skips the test elsewhere. */
  private static Run promtool(String... args) throws IOException, InterruptedException {
    Path promtool =
        Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .filter(d -> !d.isEmpty())
            .map(d -> Path.of(d, "promtool"))
            .filter(Files::isExecutable)
            .findFirst()
            .orElse(null);
    Assumptions.assumeTrue(promtool != null, "promtool is not on the PATH");
    List<String> command = new ArrayList<>(List.of(promtool.toString()));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .directory(alerts().getParent().toFile())
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThatCode(() -> assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue())
        .doesNotThrowAnyException();
    return new Run(p.exitValue(), output);
  }
}
