package org.sitewatch.sink.evidence.bundle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sitewatch.events.PageRef;
import org.sitewatch.events.WarcRef;
import org.sitewatch.sink.evidence.warc.WarcLookup;
import org.sitewatch.sink.evidence.warc.WarcSlice;
import org.sitewatch.sink.evidence.warc.WarcSource;
import org.sitewatch.sink.lead.Lead;

/**
 * The WARC part of one bundle as assembled at export: which stored records go into {@link #FILE} at
 * which offsets, and for each lead page whether its records are included, unavailable (with the
 * reason) or were never captured. Written to {@code lead.json} under {@code warc}.
 */
public final class BundleWarc {
  /** The bundle's WARC file: the copied gzip members, concatenated. */
  static final String FILE = BundleLayout.WARC_FILE;

  public static final String INCLUDED = "included";
  static final String UNAVAILABLE = "unavailable";
  static final String NOT_CAPTURED = "not-captured";

  /** Where one copied record lies in {@link #FILE}, and where it came from. */
  record Placed(
      String id, String type, long offset, long length, String sourceFile, long sourceOffset) {}

  /**
   * One lead page's WARC status.
   *
   * @param recordId the response record's ID from the page's reference, or {@code null}
   * @param status {@link #INCLUDED}, {@link #UNAVAILABLE} or {@link #NOT_CAPTURED}
   * @param reason why unavailable, or {@code null}
   * @param records the page's records in the bundle (each record is copied once; a page sharing a
   *     record with an earlier page lists it again)
   */
  record Page(String url, String recordId, String status, String reason, List<Placed> records) {}

  private final List<WarcSlice> slices;
  private final List<Page> pages;
  private final List<String> notes;

  private BundleWarc(List<WarcSlice> slices, List<Page> pages, List<String> notes) {
    this.slices = List.copyOf(slices);
    this.pages = List.copyOf(pages);
    this.notes = List.copyOf(notes);
  }

  static BundleWarc assemble(Lead lead, WarcSource source) {
    List<WarcSlice> slices = new ArrayList<>();
    Map<String, Placed> placed = new LinkedHashMap<>();
    List<Page> pages = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    long offset = 0;
    for (PageRef page : lead.pages()) {
      WarcRef ref = page.warc();
      if (ref == null) {
        pages.add(
            new Page(
                page.url(),
                null,
                NOT_CAPTURED,
                "no WARC capture was recorded for this page",
                List.of()));
        continue;
      }
      if (placed.containsKey(ref.recordId())) { // the same exchange as an earlier page
        pages.add(
            new Page(
                page.url(), ref.recordId(), INCLUDED, null, List.of(placed.get(ref.recordId()))));
        continue;
      }
      WarcLookup lookup = source.lookup(ref);
      if (lookup.unavailable() != null) {
        pages.add(
            new Page(page.url(), ref.recordId(), UNAVAILABLE, lookup.unavailable(), List.of()));
        notes.add("WARC record for page " + page.url() + " not available: " + lookup.unavailable());
        continue;
      }
      List<Placed> records = new ArrayList<>();
      for (WarcSlice s : lookup.records()) {
        Placed p = placed.get(s.recordId());
        if (p == null) {
          p = new Placed(s.recordId(), s.type(), offset, s.length(), ref.file(), s.offset());
          placed.put(s.recordId(), p);
          slices.add(s);
          offset += s.length();
        }
        records.add(p);
      }
      lookup.notes().forEach(n -> notes.add("WARC record for page " + page.url() + ": " + n));
      pages.add(new Page(page.url(), ref.recordId(), INCLUDED, null, records));
    }
    return new BundleWarc(slices, pages, notes);
  }

  /** The stored records to concatenate into {@link #FILE}, in order; empty when none. */
  List<WarcSlice> slices() {
    return slices;
  }

  List<Page> pages() {
    return pages;
  }

  /** Every page whose records are not (all) in the bundle, as a sentence. */
  List<String> notes() {
    return notes;
  }

  int records() {
    return slices.size();
  }

  /** The {@code warc} object of {@code lead.json}. */
  Map<String, Object> json() {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("file", slices.isEmpty() ? null : FILE);
    List<Map<String, Object>> list = new ArrayList<>();
    for (Page p : pages) {
      Map<String, Object> page = new LinkedHashMap<>();
      page.put("url", p.url());
      page.put("record_id", p.recordId());
      page.put("status", p.status());
      page.put("reason", p.reason());
      List<Map<String, Object>> records = new ArrayList<>();
      for (Placed r : p.records()) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("record_id", r.id());
        record.put("type", r.type());
        record.put("file", FILE);
        record.put("offset", r.offset());
        record.put("length", r.length());
        record.put("source_file", r.sourceFile());
        record.put("source_offset", r.sourceOffset());
        records.add(record);
      }
      page.put("records", records);
      list.add(page);
    }
    doc.put("pages", list);
    doc.put("notes", notes);
    return doc;
  }

  /** The text of {@code warc/README.txt}. */
  String readme() {
    StringBuilder t = new StringBuilder();
    t.append("WARC (ISO 28500, WARC/1.1) records of the lead's pages\n\n");
    if (slices.isEmpty()) {
      t.append("This bundle holds no WARC records.\n");
    } else {
      t.append(FILE.substring(BundleLayout.WARC_DIR.length()))
          .append(" holds ")
          .append(slices.size())
          .append(" record(s) copied byte for byte from the\n")
          .append(
              "crawler's WARC store, one gzip member each: for every page the response record and\n")
          .append(
              "the records concurrent to it (request, metadata). lead.json lists, per page, each\n")
          .append("record's ID, offset and length in this file and in the store.\n");
    }
    t.append("\nPer page:\n");
    for (Page p : pages) {
      t.append("- ").append(p.url()).append(": ").append(p.status());
      if (p.recordId() != null) {
        t.append(" (response record ").append(p.recordId()).append(')');
      }
      if (p.reason() != null) {
        t.append(": ").append(p.reason());
      }
      t.append('\n');
    }
    if (!notes.isEmpty()) {
      t.append("\nNotes:\n");
      notes.forEach(n -> t.append("- ").append(n).append('\n'));
    }
    return t.toString();
  }
}
