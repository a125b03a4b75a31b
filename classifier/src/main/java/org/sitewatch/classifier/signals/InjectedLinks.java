package org.sitewatch.classifier.signals;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.sitewatch.classifier.page.Category;
import org.sitewatch.classifier.page.PageText;
import org.sitewatch.classifier.page.RawHit;
import org.sitewatch.classifier.page.SignalDetector;
import org.sitewatch.common.net.Sites;
import org.sitewatch.events.Finding;

/**
 * Links hidden from visitors that point to other sites: the mark of a hacked site whose pages carry
 * someone else's links (SEO spam). Such a site is a victim, not a lead, so the hidden link blocks
 * are taken out of the page before it is scored (their words never raise its score) and, when the
 * rest of the page stays below the threshold, they become an {@code injected-links} {@link Finding}
 * that names the targets: the suspects.
 *
 * <p>A block is a top-most hidden element (see {@link Hiding}) that holds at least one link to
 * another registered domain and whose text is mostly link text. A finding needs either an
 * adult-looking target (host words, or anchor text the keyword lexicon calls explicit) or at least
 * {@link #MIN_SITES_WITHOUT_ADULT_WORDS} other sites, since hidden menus with a few partner links
 * are common on ordinary pages.
 */
public final class InjectedLinks {
  static final int MIN_SITES_WITHOUT_ADULT_WORDS = 10;
  private static final int MAX_HIDDEN = 200;
  private static final int MAX_TARGETS_LISTED = 20;
  private static final int MAX_ANCHOR_CHARS = 20_000;

  /** One hidden block of outbound links. */
  record Block(Element element, String technique, Set<String> sites, String evidence) {}

  private final List<Block> blocks;
  private final String anchors;
  private final List<Hiding.Hidden> others;

  private InjectedLinks(List<Block> blocks, String anchors, List<Hiding.Hidden> others) {
    this.blocks = List.copyOf(blocks);
    this.anchors = anchors;
    this.others = List.copyOf(others);
  }

  static final InjectedLinks NONE = new InjectedLinks(List.of(), "", List.of());

  /**
   * Finds the hidden outbound-link blocks of {@code page}, and keeps the other hidden elements for
   * the cloaking check; the page is not changed.
   */
  public static InjectedLinks find(PageText page, String pageUrl) {
    if (page.document().isEmpty()) {
      return NONE;
    }
    Document doc = page.document().get();
    String ownSite = Sites.linkHost(pageUrl).flatMap(Sites::siteOfHostIfValid).orElse("");
    List<Block> blocks = new ArrayList<>();
    List<Hiding.Hidden> others = new ArrayList<>();
    StringJoiner anchorText = new StringJoiner("\n");
    int anchorChars = 0;
    Hosts.SiteCache cache = new Hosts.SiteCache();
    for (Hiding.Hidden hidden : Hiding.of(doc, page.dom()).roots(MAX_HIDDEN)) {
      Element root = hidden.element();
      Set<String> sites = new LinkedHashSet<>();
      int linkChars = 0;
      List<String> texts = new ArrayList<>();
      for (Element a : root.select("a[href]")) {
        Optional<String> host = Sites.linkHost(a.attr("href"));
        Optional<String> linked = host.flatMap(cache::siteOf);
        if (linked.isEmpty()) {
          continue;
        }
        String site = linked.get();
        if (site.equals(ownSite)) {
          continue;
        }
        sites.add(site);
        String text = a.text();
        linkChars += text.length();
        texts.add(text + " " + host.get().replaceAll("[^a-z0-9]+", " "));
      }
      if (sites.isEmpty() || linkChars * 2 < root.text().length()) {
        others.add(hidden); // hidden text (perhaps with a link in it), not a link block
        continue;
      }
      blocks.add(
          new Block(root, hidden.technique(), sites, IdentifierExtractor.clip(root.outerHtml())));
      for (String t : texts) {
        if (anchorChars < MAX_ANCHOR_CHARS) {
          anchorText.add(t);
          anchorChars += t.length() + 1;
        }
      }
    }
    return blocks.isEmpty() && others.isEmpty()
        ? NONE
        : new InjectedLinks(blocks, anchorText.toString(), others);
  }

  /**
   * The other hidden elements of the page, for {@link HiddenTextDetector}: found in the same walk.
   */
  public List<Hiding.Hidden> hiddenText() {
    return others;
  }

  public boolean isEmpty() {
    return blocks.isEmpty();
  }

  List<Block> blocks() {
    return blocks;
  }

  /** Removes the blocks from their document, so that the page is scored without them. */
  public void detach() {
    for (Block block : blocks) {
      block.element().remove();
    }
  }

  /**
   * The finding for a page that scored below the threshold without the blocks; none for a flagged
   * page (an adult page's own hidden links make it no victim).
   */
  public Optional<Finding> finding(boolean flagged, SignalDetector keywords, String url) {
    if (blocks.isEmpty() || flagged) {
      return Optional.empty();
    }
    Set<String> sites = new LinkedHashSet<>();
    Set<String> techniques = new LinkedHashSet<>();
    int links = 0;
    for (Block block : blocks) {
      sites.addAll(block.sites());
      techniques.add(block.technique());
      links += block.element().select("a[href]").size();
    }
    List<String> adultSites = sites.stream().filter(Hosts::adultLooking).toList();
    List<RawHit> anchorHits = new ArrayList<>();
    keywords.detect(new PageText(anchors, Optional.empty(), Map.of()), anchorHits);
    List<RawHit> explicit =
        anchorHits.stream()
            .filter(h -> h.category() == Category.EXPLICIT && h.weight() > 0)
            .toList();
    boolean adult = !adultSites.isEmpty() || !explicit.isEmpty();
    if (!adult && sites.size() < MIN_SITES_WITHOUT_ADULT_WORDS) {
      return Optional.empty();
    }
    StringBuilder detail =
        new StringBuilder()
            .append(links)
            .append(" hidden link")
            .append(links == 1 ? "" : "s")
            .append(" (")
            .append(String.join(", ", techniques))
            .append(") to ")
            .append(sites.size())
            .append(" other site")
            .append(sites.size() == 1 ? "" : "s")
            .append(" on a page that is not flagged");
    if (!adultSites.isEmpty()) {
      detail.append("; adult-looking hosts: ").append(String.join(", ", adultSites));
    }
    if (!explicit.isEmpty()) {
      detail.append("; adult anchor text: ").append(explicit.get(0).snippet());
    }
    detail
        .append("; targets: ")
        .append(String.join(", ", sites.stream().limit(MAX_TARGETS_LISTED).toList()));
    if (sites.size() > MAX_TARGETS_LISTED) {
      detail.append(", …");
    }
    return Optional.of(
        new Finding("injected-links", detail.toString(), blocks.get(0).evidence(), url));
  }
}
