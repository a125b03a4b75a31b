package org.sitewatch.sink.evidence.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sitewatch.common.warc.WarcRecordCheck;
import org.sitewatch.sink.evidence.bundle.BundleWarc;
import org.sitewatch.sink.evidence.warc.InflateBudget;
import org.sitewatch.sink.evidence.warc.StoredWarc;

/**
 * The WARC part of {@link BundleVerifier}: every record of every WARC file in the bundle is re-read
 * (gzip CRC included) and rehashed; its block and payload digests must equal its own headers, and a
 * page's response record must also match the {@link org.sitewatch.events.WarcRef} stored with the
 * lead page in {@code lead.json}. Records are named by file, record ID and page URL, using the
 * placement {@code lead.json} lists; a file whose records are not listed is walked member by
 * member.
 */
final class WarcVerification {
  private WarcVerification() {}

  /**
   * A WARC file of the bundle, read in place: {@code size} bytes of {@code channel} from {@code
   * start}.
   */
  record Region(FileChannel channel, long start, long size) {}

  /** A record as {@code lead.json} places it. */
  private record Listed(
      String file, String id, String type, long offset, long length, String url) {}

  /**
   * @param files WARC entries of the bundle by name, each stored uncompressed in the zip
   * @param leadJson the bundle's {@code lead.json}, or {@code null} when absent or unreadable
   */
  static void check(
      Map<String, Region> files, JsonNode leadJson, InflateBudget budget, List<String> problems) {
    Map<String, List<Listed>> listed = new HashMap<>();
    Map<String, JsonNode> refsByUrl = new HashMap<>();
    if (leadJson != null) {
      for (JsonNode page : leadJson.path("lead").path("pages")) {
        if (page.has("warc")) {
          refsByUrl.put(page.path("url").asText(), page.get("warc"));
        }
      }
      for (JsonNode page : leadJson.path("warc").path("pages")) {
        if (!BundleWarc.INCLUDED.equals(page.path("status").asText())) {
          continue;
        }
        for (JsonNode r : page.path("records")) {
          Listed l =
              new Listed(
                  r.path("file").asText(),
                  r.path("record_id").asText(),
                  r.path("type").asText(),
                  r.path("offset").asLong(-1),
                  r.path("length").asLong(-1),
                  page.path("url").asText());
          listed.computeIfAbsent(l.file(), f -> new ArrayList<>()).add(l);
        }
      }
    }
    for (Map.Entry<String, List<Listed>> e : listed.entrySet()) {
      if (!files.containsKey(e.getKey())) {
        for (Listed l : e.getValue()) {
          problems.add(
              "WARC "
                  + l.type()
                  + " record "
                  + l.id()
                  + " of page "
                  + l.url()
                  + " is missing: "
                  + e.getKey()
                  + " is not in the bundle");
        }
      }
    }
    for (Map.Entry<String, Region> f : files.entrySet()) {
      List<Listed> records = listed.get(f.getKey());
      try {
        if (records == null) {
          walk(f.getKey(), f.getValue(), budget, problems);
        } else {
          checkListed(f.getKey(), f.getValue(), records, refsByUrl, budget, problems);
        }
      } catch (InflateBudget.Exceeded e) {
        problems.add(
            f.getKey() + ": " + e.getMessage() + "; the rest of the WARC data is not checked");
        return;
      } catch (IOException e) {
        problems.add(f.getKey() + " cannot be read: " + e.getMessage());
      }
    }
  }

  private static void checkListed(
      String name,
      Region region,
      List<Listed> records,
      Map<String, JsonNode> refsByUrl,
      InflateBudget budget,
      List<String> problems)
      throws IOException {
    FileChannel ch = region.channel();
    long base = region.start();
    Map<Long, Listed> byOffset = new java.util.TreeMap<>();
    for (Listed l : records) {
      byOffset.putIfAbsent(l.offset(), l); // a record shared by two pages is listed twice
    }
    long size = region.size();
    long expected = 0;
    List<Listed> sorted = new ArrayList<>(byOffset.values());
    sorted.sort(Comparator.comparingLong(Listed::offset));
    for (Listed l : sorted) {
      String what = name + ": " + l.type() + " record " + l.id() + " of page " + l.url();
      if (l.offset() != expected) {
        problems.add(
            name
                + ": bytes "
                + expected
                + ".."
                + l.offset()
                + " are not the records lead.json lists");
      }
      expected = Math.max(expected, l.offset() + l.length());
      if (l.offset() < 0
          || l.length() <= 0
          || l.offset() > size
          || l.length() > size - l.offset()) {
        problems.add(
            what
                + " lies beyond the end of the file (offset "
                + l.offset()
                + ", "
                + l.length()
                + " bytes; the file has "
                + size
                + ")");
        continue;
      }
      WarcRecordCheck.Result c;
      try {
        c = StoredWarc.check(ch, base + l.offset(), l.length(), budget);
      } catch (InflateBudget.Exceeded e) {
        throw e;
      } catch (IOException e) {
        problems.add(
            what + " at offset " + l.offset() + " is unreadable (altered): " + e.getMessage());
        continue;
      }
      if (!c.id().equals(l.id())) {
        problems.add(what + ": the record at offset " + l.offset() + " is " + c.id());
        continue;
      }
      c.problems().forEach(p -> problems.add(what + ": " + p.message()));
      JsonNode ref = refsByUrl.get(l.url());
      if (ref != null && l.id().equals(ref.path("recordId").asText())) {
        String payload = ref.path("payloadDigest").asText("");
        if (!payload.isEmpty() && !c.payloadMatches(payload)) {
          problems.add(
              what
                  + ": the WarcRef stored with the lead page in lead.json gives payload digest "
                  + payload
                  + ", the record's payload gives "
                  + c.payload());
        }
        String block = ref.path("blockDigest").asText("");
        if (!c.blockMatches(block)) {
          problems.add(
              what
                  + ": the WarcRef stored with the lead page in lead.json gives block digest "
                  + block
                  + ", the record's block gives "
                  + c.block());
        }
      }
    }
    if (expected != size) {
      problems.add(
          name + ": bytes " + expected + ".." + size + " are not the records lead.json lists");
    }
  }

  /**
   * Without a listing: member by member from the start, until the end or the first unreadable one.
   */
  private static void walk(String name, Region region, InflateBudget budget, List<String> problems)
      throws IOException {
    FileChannel ch = region.channel();
    long base = region.start();
    long size = region.size();
    for (long at = 0; at < size; ) {
      long length;
      WarcRecordCheck.Result c;
      try {
        length = StoredWarc.memberLength(ch, base + at, base + size, budget);
        c = StoredWarc.check(ch, base + at, length, budget);
      } catch (InflateBudget.Exceeded e) {
        throw e;
      } catch (IOException e) {
        problems.add(
            name
                + ": the record at offset "
                + at
                + " is unreadable (altered): "
                + e.getMessage()
                + "; the rest of the file is not checked");
        return;
      }
      String what = name + ": " + c.type() + " record " + c.id();
      c.problems().forEach(p -> problems.add(what + ": " + p.message()));
      at += length;
    }
  }
}
