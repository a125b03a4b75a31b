package org.sitewatch.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.infra.demo.ReplicaFarm;

/**
 * The seed batches of {@code bench faults}: a copy of the farm is never split over two batches (its
 * sites link to each other: a site seeded after a discovery of it was crawled is crawled twice),
 * every site is seeded once, in farm order.
 */
class SeedBatchesTest {
  private static List<ReplicaFarm.Site> farm(int sites) {
    List<ReplicaFarm.Site> all = new ArrayList<>();
    for (int i = 0; i < sites; i++) {
      int copy = i / 16 + 1;
      all.add(
          new ReplicaFarm.Site(String.format("www.r%02d-site%d.test", copy, i % 16), null, copy));
    }
    return all;
  }

  @ParameterizedTest(name = "{0} sites in {1} batches")
  @CsvSource({
    "320, 7", // the full run: six faults
    "320, 6", // without the PostgreSQL outage
    "48, 2", // --quick
    "64, 4",
    "330, 7" // the last copy cut short
  })
  void noCopyIsSplitAndEverySiteIsSeededOnceInFarmOrder(int sites, int batches) {
    List<ReplicaFarm.Site> farm = farm(sites);

    List<List<ReplicaFarm.Site>> seeded = FaultBenchmark.seedBatches(farm, batches);

    assertThat(seeded).hasSize(batches).allSatisfy(b -> assertThat(b).isNotEmpty());
    assertThat(seeded.stream().flatMap(List::stream).toList()).isEqualTo(farm);
    Map<Integer, Integer> batchOfCopy = new HashMap<>();
    for (int b = 0; b < seeded.size(); b++) {
      for (ReplicaFarm.Site s : seeded.get(b)) {
        assertThat(batchOfCopy.putIfAbsent(s.copy(), b))
            .as("copy %d in one batch", s.copy())
            .isIn(null, b);
      }
    }
  }

  @Test
  void cutsAreNearAnEvenSplit() {
    List<List<ReplicaFarm.Site>> seeded = FaultBenchmark.seedBatches(farm(320), 7);

    // 320 / 7 = 45.7 sites; whole copies of 16: 48 or 32, and 64 where the rounding adds up
    assertThat(seeded).allSatisfy(b -> assertThat(b.size()).isBetween(32, 64));
  }

  @Test
  void fewerCopiesThanBatchesAreSplitEvenly() {
    List<List<ReplicaFarm.Site>> seeded = FaultBenchmark.seedBatches(farm(40), 7);

    assertThat(seeded).hasSize(7).allSatisfy(b -> assertThat(b.size()).isBetween(5, 6));
  }
}
