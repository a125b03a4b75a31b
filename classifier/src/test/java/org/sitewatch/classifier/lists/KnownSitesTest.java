package org.sitewatch.classifier.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnownSitesTest {
  @TempDir Path dir;

  static Path importList(Path dir, String name, String... domains) throws IOException {
    Path src = dir.resolve(name + ".src");
    Files.writeString(src, String.join("\n", domains) + "\n", StandardCharsets.UTF_8);
    ListImport.Imported imported = ListImport.read(src, ListFormat.DOMAINS);
    return SiteList.write(
        dir.resolve("lists"),
        new SiteList.Header(
            name,
            ListFormat.DOMAINS,
            src.getFileName().toString(),
            imported.sha256(),
            imported.domains().size(),
            imported.rejected(),
            Instant.parse("2026-12-07T06:00:00Z")),
        imported);
  }

  @Test
  void aStoredListKeepsItsHeaderAndItsDomainsSorted() throws IOException {
    Path file = importList(dir, "ut1-adult", "zz-videos.example", "adult.example");

    assertThat(Files.readAllLines(file))
        .startsWith(SiteList.MAGIC, "# name: ut1-adult", "# format: domains")
        .endsWith("adult.example", "zz-videos.example");
    SiteList list = SiteList.read(file);
    assertThat(list.header().count()).isEqualTo(2);
    assertThat(list.header().importedAt()).isEqualTo(Instant.parse("2026-12-07T06:00:00Z"));
    assertThat(list.contains("adult.example")).isTrue();
    assertThat(list.contains("other.example")).isFalse();
  }

  @Test
  void aHostMatchesWhenItOrAParentDomainIsListed() throws IOException {
    importList(dir, "ut1-adult", "adult.example.com", "members.cams.example.org");
    importList(dir, "hosts-feed", "adult.example.com");
    KnownSites sites = KnownSites.load(dir.resolve("lists"));

    assertThat(sites.matches("www.video.adult.example.com"))
        .containsExactly(
            new KnownSites.Match("hosts-feed", "adult.example.com"),
            new KnownSites.Match("ut1-adult", "adult.example.com"));
    assertThat(sites.matches("members.cams.example.org"))
        .containsExactly(new KnownSites.Match("ut1-adult", "members.cams.example.org"));
    assertThat(sites.matches("cams.example.org")).as("a parent is not its child").isEmpty();
    assertThat(sites.matches("example.com")).isEmpty();
    assertThat(sites.matchesAddress("https://ADULT.example.com:8443/vip?x=1"))
        .extracting(KnownSites.Match::list)
        .containsExactly("hosts-feed", "ut1-adult");
    assertThat(sites.matchesAddress("adult.example.com/path")).hasSize(2);
  }

  @Test
  void aListFileWhoseCountDisagreesWithItsDomainsIsRefused() throws IOException {
    Path file = importList(dir, "cut", "a.example", "b.example");
    List<String> lines = Files.readAllLines(file);
    Files.write(file, lines.subList(0, lines.size() - 1));

    assertThatThrownBy(() -> KnownSites.load(dir.resolve("lists")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("its header says 2");
  }

  @Test
  void aHeaderClaimingMoreDomainsThanTheFileCanHoldIsRefusedBeforeAnyAllocation()
      throws IOException {
    Path file = importList(dir, "huge", "a.example", "b.example");
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file));
    lines.replaceAll(l -> l.startsWith("# count: ") ? "# count: 1000000000" : l);
    Files.write(file, lines);

    // without the bound this sized a long[1000000000] (8 GB) from the header: OutOfMemoryError
    assertThatThrownBy(() -> SiteList.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("its header's count 1000000000 is more than a file of");
  }

  @Test
  void eachCandidateDomainIsHashedOnceWhateverTheNumberOfLists() throws IOException {
    importList(dir, "one", "a.example.org");
    importList(dir, "two", "b.example.org");
    importList(dir, "three", "example.org");
    java.util.concurrent.atomic.AtomicInteger hashed =
        new java.util.concurrent.atomic.AtomicInteger();
    KnownSites sites =
        KnownSites.load(dir.resolve("lists"))
            .withHasher(
                d -> {
                  hashed.incrementAndGet();
                  return SiteList.hashOf(d);
                });

    assertThat(sites.matches("x.b.example.org"))
        .extracting(KnownSites.Match::list, KnownSites.Match::domain)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("three", "example.org"),
            org.assertj.core.groups.Tuple.tuple("two", "b.example.org"));
    // candidates x.b.example.org, b.example.org, example.org: 3 hashes, not 3 per list
    assertThat(hashed.get()).isEqualTo(3);
  }

  @Test
  void noFolderMeansNoLists() {
    assertThat(KnownSites.load(dir.resolve("absent")).isEmpty()).isTrue();
  }
}
