package org.sitewatch.crawler.warc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netpreserve.jwarc.WarcRecord;
import org.sitewatch.common.objectstore.S3Address;
import org.sitewatch.common.objectstore.S3Location;
import org.sitewatch.common.objectstore.S3Store;
import org.sitewatch.common.warc.WarcVerifier;
import org.sitewatch.events.WarcRef;

/** The crawler's WARC writer on an object store: a real in-process S3 server, no mock. */
class S3WarcStorageIT {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-28T15:30:00.123Z"), ZoneOffset.UTC);
  private static final S3Location WHERE = S3Location.parse("s3://evidence/warc/worker-1");

  @TempDir Path spool;
  private S3TestServer server;
  private final Events events = new Events();

  @BeforeEach
  void startServer() throws Exception {
    server = new S3TestServer("evidence");
  }

  @AfterEach
  void stopServer() throws Exception {
    server.close();
  }

  @Test
  void closedFileIsUploadedVerifiedAndLeavesTheSpoolAndItsRecordsReadBackByReference()
      throws Exception {
    List<WarcRef> refs = new ArrayList<>();
    try (WarcCaptureWriter writer = writer(storage(3), 64 * 1024)) {
      for (int i = 0; i < 3; i++) {
        refs.add(writer.write(WarcRoundTripTest.exchange(i + 1, 2000)));
      }
    }

    assertThat(refs)
        .allSatisfy(r -> assertThat(r.file()).startsWith("s3://evidence/warc/worker-1/sitewatch-"));
    assertThat(events.uploaded).hasSize(1);
    assertThat(spooled()).isEmpty();
    S3Address object = S3Address.parse(refs.get(0).file()).orElseThrow();
    try (S3Store store = new S3Store(server.settings())) {
      List<WarcVerifier.Problem> problems = new ArrayList<>();
      long records;
      try (SeekableByteChannel whole = store.open(object)) {
        records = WarcVerifier.verify(refs.get(0).file(), whole, problems);
      }
      assertThat(problems).isEmpty();
      assertThat(records).isEqualTo(1 + 3 * 3); // warcinfo, then response, request, metadata
      for (WarcRef ref : refs) {
        try (SeekableByteChannel ranged = store.open(object)) {
          WarcRecord response = WarcVerifier.readAt(ranged, ref.offset());
          assertThat("<" + response.id() + ">").isEqualTo(ref.recordId());
        }
      }
    }
  }

  @Test
  void uploadFailingWhileTheStoreIsDownIsRetriedReportedAndKeptThenUploadedWhenItIsBack()
      throws Exception {
    try (WarcCaptureWriter writer = writer(storage(3), 1024)) {
      server.stop();
      writer.write(WarcRoundTripTest.exchange(1, 2000));
      writer.write(WarcRoundTripTest.exchange(2, 2000)); // rolls: the first file is closed

      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !events.gaveUp.isEmpty());
      String first = events.gaveUp.get(0);
      assertThat(events.attemptsFailed).containsExactly(first + "#1", first + "#2", first + "#3");
      assertThat(spooled()).contains(first);

      server.start();
      writer.write(WarcRoundTripTest.exchange(3, 2000)); // closes the second; the first retried
    }

    assertThat(events.uploaded).hasSize(3);
    assertThat(spooled()).isEmpty();
    assertThat(
            server
                .blobs()
                .list(
                    "evidence",
                    org.jclouds.blobstore.options.ListContainerOptions.Builder.recursive()))
        .hasSize(3);
  }

  @Test
  void stopDoesNotWaitForTheUploadUnderWayTheFileStaysSpooledAndTheNextStartUploadsIt()
      throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    S3WarcStorage.Listener slowStore =
        new S3WarcStorage.Listener() {
          @Override
          public void starting(String name, int attempt) {
            started.countDown();
            try {
              // an upload that takes far longer than the stop may wait (a 1 GiB file): it is held
              // until the stop returned, or the stop gives up on it (interrupt)
              stopped.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        };
    S3WarcStorage first =
        new S3WarcStorage(
            spool,
            WHERE,
            new S3Store(server.settings()),
            new S3WarcStorage.Retry(
                1,
                Duration.ofMillis(10),
                Duration.ofMillis(40),
                S3WarcStorage.Retry.DEFAULTS.closeWait()),
            slowStore);
    WarcCaptureWriter writer = writer(first, 1024);
    String one =
        S3Address.parse(writer.write(WarcRoundTripTest.exchange(1, 2000)).file())
            .orElseThrow()
            .name();
    String two =
        S3Address.parse(writer.write(WarcRoundTripTest.exchange(2, 2000)).file())
            .orElseThrow()
            .name();
    assertThat(started.await(60, TimeUnit.SECONDS))
        .isTrue(); // the first file's upload is under way

    writer.close(); // closes the second file (renamed from .part) and the storage, as a stop does
    stopped.countDown();

    assertThat(first.pending()).containsExactly(one, two);
    assertThat(spooled()).containsExactly(one, two);
    assertThat(
            server
                .blobs()
                .list(
                    "evidence",
                    org.jclouds.blobstore.options.ListContainerOptions.Builder.recursive()))
        .isEmpty();

    try (S3WarcStorage next = storage(1)) {
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> events.uploaded.size() == 2);
      assertThat(events.uploaded).extracting(u -> u.address().name()).containsExactly(one, two);
      assertThat(next.pending()).isEmpty();
    }
    assertThat(spooled()).isEmpty();
  }

  private S3WarcStorage storage(int attempts) {
    return new S3WarcStorage(
        spool,
        WHERE,
        new S3Store(server.settings()),
        new S3WarcStorage.Retry(
            attempts, Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(60)),
        events);
  }

  private static WarcCaptureWriter writer(WarcStorage storage, long cap) {
    return new WarcCaptureWriter(
        storage,
        new WarcCaptureWriter.Options("sitewatch", "w1", cap, Map.of("operator", List.of("test"))),
        CLOCK);
  }

  private List<String> spooled() throws IOException {
    try (Stream<Path> files = Files.list(spool)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static final class Events implements S3WarcStorage.Listener {
    final List<S3Store.Uploaded> uploaded = new CopyOnWriteArrayList<>();
    final List<String> attemptsFailed = new CopyOnWriteArrayList<>();
    final List<String> gaveUp = new CopyOnWriteArrayList<>();

    @Override
    public void uploaded(S3Store.Uploaded upload) {
      uploaded.add(upload);
    }

    @Override
    public void attemptFailed(String name, int attempt, IOException error) {
      attemptsFailed.add(name + "#" + attempt);
    }

    @Override
    public void gaveUp(String name, int attempts, IOException error) {
      gaveUp.add(name);
    }
  }
}
