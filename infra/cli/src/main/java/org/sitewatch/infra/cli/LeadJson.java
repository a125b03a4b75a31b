package org.sitewatch.infra.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sitewatch.events.Json;
import org.sitewatch.events.PageRef;
import org.sitewatch.sink.lead.Lead;

/** The one-line JSON form of a lead written by {@code --leads-out}. */
public final class LeadJson {
  private LeadJson() {}

  public static String line(Lead lead) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", lead.id());
    m.put("site", lead.site());
    m.put("status", lead.status().name());
    m.put("score", lead.score());
    m.put("categories", lead.categories());
    m.put(
        "signals",
        lead.signals().stream()
            .map(
                s -> {
                  Map<String, Object> sm = new LinkedHashMap<>();
                  sm.put("id", s.id());
                  sm.put("category", s.category());
                  sm.put("weight", s.weight());
                  sm.put("count", s.count());
                  sm.put("snippet", s.snippet());
                  sm.put("url", s.url());
                  return sm;
                })
            .toList());
    List<String> pages = lead.pages().stream().map(PageRef::url).toList();
    m.put("pages", pages);
    m.put("pageEvidence", lead.pages());
    m.put("conducts", lead.conducts());
    m.put("identifiers", lead.identifiers());
    m.put("findings", lead.findings());
    m.put("conductReasons", lead.conductReasons());
    m.put("revision", lead.revision());
    m.put("lexiconVersion", lead.lexiconVersion());
    m.put("firstFlaggedAt", lead.firstFlaggedAt().toString());
    m.put("updatedAt", lead.updatedAt().toString());
    try {
      return Json.mapper().writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write lead " + lead.site() + " as JSON", e);
    }
  }
}
