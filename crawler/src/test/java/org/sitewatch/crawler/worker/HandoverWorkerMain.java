package org.sitewatch.crawler.worker;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.sitewatch.crawler.metrics.CrawlerMetrics;
import org.sitewatch.events.Topics;

/**
 * A crawler worker in its own JVM, for {@link CrawlHandoverIT}: the test kills it with {@code
 * destroyForcibly()} (SIGKILL), which is what {@code kill -9} does to a real worker.
 *
 * <p>Arguments: bootstrap servers, topic prefix, host, work folder.
 */
final class HandoverWorkerMain {
  private HandoverWorkerMain() {}

  public static void main(String[] args) throws Exception {
    CrawlerWorker worker =
        CrawlerWorker.builder(
                CrawlHandoverIT.settings(args[2], Path.of(args[3])), Topics.withPrefix(args[1]))
            .kafka(CrawlHandoverIT.kafkaProps(args[0], "worker-a"))
            .clock(Clock.systemUTC())
            .checkpoints(CrawlHandoverIT.CHECKPOINTS)
            .metrics(new CrawlerMetrics())
            .build();
    worker.start();
    System.out.println("worker started");
    new CountDownLatch(1).await(); // until killed
  }
}
