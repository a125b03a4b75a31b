package org.sitewatch.infra.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.sitewatch.infra.cli.SitewatchCommandTest.sitewatch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sitewatch.infra.embedded.EmbeddedKafka;
import org.sitewatch.sink.TestDatabase;

/**
 * The all-in-one commands say with their exit code whether they did what was asked: {@code run
 * --until-idle} exits 1 when the pipeline has not drained in time or a stage stopped, {@code demo}
 * exits 1 when the leads are not exactly the farm's expected ones (in-process, through the real
 * entry point).
 */
class RunExitCodeIT {
  @TempDir Path dir;

  /**
   * The two {@code run} tests are about the exit code, not the database: they run on a migrated
   * database of the JVM's shared server, by JDBC URL as the product allows, instead of starting
   * (initdb and all) an embedded server each; UpCommandIT and the demo test below keep that start.
   */
  private static TestDatabase databases;

  @BeforeAll
  static void sharedServer() {
    databases = TestDatabase.start();
  }

  @AfterAll
  static void dropDatabases() {
    databases.close();
  }

  /**
   * The pipeline cannot be idle within 1 ms: idle means idle for the whole quiet period (1 s here)
   * after the first probe, so the run times out whatever the machine's speed.
   */
  @Test
  void runUntilIdleExitsOneWhenThePipelineHasNotDrainedInTime() {
    var run =
        sitewatch(
            "run",
            "--seed",
            "http://never-drains.test/",
            "--until-idle",
            "--set",
            "local.idle-timeout=1ms",
            "--set",
            "local.idle-quiet-period=1s",
            "--set",
            "db.jdbc-url=" + databases.migratedDatabaseUrl(),
            "--set",
            "local.data-dir=" + dir.resolve("data"),
            "--set",
            "crawler.warc-dir=" + dir.resolve("warc"));

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.out())
        .contains("seeded 1 URL(s) on 1 site(s)")
        .contains("TIMED OUT waiting for the pipeline to drain");
  }

  /**
   * A stage that stops on its own ends the run with exit 1 and names the stage. The classifier is
   * made to stop through what the test controls, the broker: its principal may do everything but
   * use transactional ids, which the classifier's exactly-once (the default) needs, so Kafka
   * Streams fails and stops after its thread replacements. The quiet period is longer than the
   * test's patience, so the run cannot end as drained before the failure; the idle timeout (3 min)
   * bounds the run if the classifier does not stop (the run then says TIMED OUT and the test
   * fails), and the test's own timeout bounds the rest (broker start, ACLs), so CI cannot hang.
   */
  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void runUntilIdleExitsOneWhenAStageStops() throws Exception {
    try (EmbeddedKafka kafka =
        EmbeddedKafka.startSecured(
            dir.resolve("kafka"), Map.of(EmbeddedKafka.ADMIN, "admin-pw", "runner", "runner-pw"))) {
      grantAllButTransactions(kafka, "runner");
      List<String> args =
          new ArrayList<>(
              List.of(
                  "run",
                  "--seed",
                  "http://never-crawled.test/",
                  "--until-idle",
                  "--set",
                  "kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                  "--set",
                  "local.idle-quiet-period=1h",
                  "--set",
                  "local.idle-timeout=3m",
                  "--set",
                  "db.jdbc-url=" + databases.migratedDatabaseUrl(),
                  "--set",
                  "local.data-dir=" + dir.resolve("data"),
                  "--set",
                  "crawler.warc-dir=" + dir.resolve("warc")));
      kafka
          .saslSettings("runner")
          .forEach(
              (name, value) -> {
                args.add("--set");
                args.add("kafka.client." + name + "=" + value);
              });

      var run = sitewatch(args.toArray(String[]::new));

      assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
      assertThat(run.out()).contains("seeded 1 URL(s)").doesNotContain("TIMED OUT");
      assertThat(run.err()).contains("the classifier stopped");
    }
  }

  /** ALL on every topic, group and the cluster; nothing on transactional ids. */
  private static void grantAllButTransactions(EmbeddedKafka kafka, String user) {
    List<AclBinding> acls =
        List.of(
            allow(user, ResourceType.TOPIC, "*"),
            allow(user, ResourceType.GROUP, "*"),
            allow(user, ResourceType.CLUSTER, "kafka-cluster"));
    try (Admin admin = Admin.create(kafka.clientProps())) {
      admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
      // the broker's authorizer applies them after the controller: wait until it answers with them
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () ->
                  admin.describeAcls(AclBindingFilter.ANY).values().get(10, TimeUnit.SECONDS).size()
                      >= acls.size());
    } catch (Exception e) {
      throw new IllegalStateException("cannot grant the ACLs", e);
    }
  }

  private static AclBinding allow(String user, ResourceType type, String name) {
    return new AclBinding(
        new ResourcePattern(type, name, PatternType.LITERAL),
        new AccessControlEntry("User:" + user, "*", AclOperation.ALL, AclPermissionType.ALLOW));
  }

  /**
   * With a site threshold no score reaches (scores are below 1), the farm's adult sites open no
   * lead: the demo says which expected leads it missed and exits 1. This runs the whole farm: the
   * demo command has no option for fewer sites or seeds.
   */
  @Test
  void demoExitsOneWhenTheLeadsAreNotTheExpectedOnes() {
    var demo =
        sitewatch(
            "demo",
            "--set",
            "classifier.site-threshold=1",
            "--set",
            "crawler.politeness-delay=50ms",
            "--set",
            "local.data-dir=" + dir.resolve("data"),
            "--set",
            "crawler.warc-dir=" + dir.resolve("warc"));

    assertThat(demo.exitCode()).as(demo.out() + demo.err()).isEqualTo(1);
    assertThat(demo.out())
        .contains("finished after")
        .containsPattern("sitewatch demo: MISMATCH: missed \\[[a-z]")
        .doesNotContain("every expected site became a lead");
  }
}
