package org.sitewatch.classifier.signals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;
import org.sitewatch.classifier.page.Category;
import org.sitewatch.classifier.page.DomScan;
import org.sitewatch.classifier.page.DomText;
import org.sitewatch.classifier.page.PageText;
import org.sitewatch.classifier.page.RawHit;
import org.sitewatch.classifier.page.SignalDetector;
import org.sitewatch.common.net.Sites;

/**
 * Signals from the page's layout: a video-heavy page with little prose, a grid of thumbnail link
 * cards marked with durations or "HD", and a link farm (many links to other sites with
 * adult-looking hosts or anchor text).
 *
 * <p>The first two are {@link Category#LIVE_VIDEO} evidence: ordinary video portals look the same,
 * and that category's cap keeps them from flagging a page without explicit words. The link farm is
 * {@link Category#EXPLICIT}, but needs at least {@link #LINK_FARM_MIN_SITES} other sites and {@link
 * #LINK_FARM_MIN_ADULT} adult-looking links among them.
 */
public final class LayoutDetector implements SignalDetector {
  static final double VIDEO_HEAVY_WEIGHT = 0.6;
  static final double THUMB_GRID_WEIGHT = 0.5;
  static final double LINK_FARM_WEIGHT = 1.2;

  static final int VIDEO_HEAVY_MIN_PLAYERS = 3;
  static final int VIDEO_HEAVY_MIN_MARKED = 12;

  /** A page with more prose than this (characters outside links) is not "little text". */
  static final int VIDEO_HEAVY_MAX_PROSE = 1500;

  static final int THUMB_GRID_MIN_CARDS = 6;
  static final int LINK_FARM_MIN_SITES = 8;
  static final int LINK_FARM_MIN_ADULT = 5;

  private static final int MAX_ANCHORS = 2000;

  /** A link's parent with more text than this is a page section, not the link's card. */
  private static final int MAX_CARD_TEXT = 300;

  static final Pattern PLAYER_SRC =
      Pattern.compile(
          "(?i)player|embed|video|youtube|vimeo|bilibili|youku|iqiyi|v\\.qq\\.com|\\.m3u8|\\.mp4");

  /** 12:34 or 1:02:03, not a date or a clock time with seconds of 60 or more. */
  static final Pattern DURATION =
      Pattern.compile("(?<![\\d:])(?:\\d{1,2}:)?[0-5]?\\d:[0-5]\\d(?![\\d:])");

  static final Pattern CARD_MARK =
      Pattern.compile(
          "(?i)(?<![a-z])(?:HD|FHD|4K|1080p|720p)(?![a-z])|高清|超清|"
              + "(?<!\\d)\\d++(?:\\.\\d++)?+\\s*+[万kK]?+\\s*+(?:次观看|次播放|views)");

  private final SignalDetector keywords;

  public LayoutDetector(SignalDetector keywords) {
    this.keywords = keywords;
  }

  @Override
  public void detect(PageText page, List<RawHit> hits) {
    if (page.document().isEmpty() || page.document().get().body() == null) {
      return;
    }
    // the page's one element walk (PageText.dom) collected what the three signals need
    DomScan dom = page.dom();
    int from = dom.bodyFrom();
    int to = dom.bodyTo();
    List<Element> anchors = new ArrayList<>();
    List<String> hrefs = new ArrayList<>();
    int players = 0;
    int marked = 0;
    // links with an image inside: marked from each image upwards, not searched link by link
    Set<Element> withImage = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i : dom.tagged("img")) {
      if (i < from || i >= to) {
        continue;
      }
      for (Element up = dom.element(i).parent(); up != null; up = up.parent()) {
        if (up.normalName().equals("a") && !withImage.add(up)) {
          break; // its ancestors were marked from an earlier image
        }
      }
    }
    for (int i : dom.tagged("a")) {
      if (i >= from && i < to && anchors.size() < MAX_ANCHORS && dom.href(i) != null) {
        anchors.add(dom.element(i));
        hrefs.add(dom.href(i));
      }
    }
    for (int i : dom.tagged("video", "iframe", "embed", "object")) {
      if (i < from || i >= to) {
        continue;
      }
      Element e = dom.element(i);
      players +=
          switch (e.normalName()) {
            case "video" -> 1;
            case "object" -> PLAYER_SRC.matcher(e.attr("data")).find() ? 1 : 0;
            default -> PLAYER_SRC.matcher(e.attr("src")).find() ? 1 : 0;
          };
    }
    for (int i = from; i < to; i++) {
      if (dom.hasClassOrId(i) && (videoMarked(dom.className(i)) || videoMarked(dom.id(i)))) {
        marked++;
      }
    }
    videoHeavy(players, marked, page.text(), anchors, hits);
    thumbGrid(anchors, withImage, hits);
    linkFarm(anchors, hrefs, hits);
  }

  /**
   * Whether a class or id contains a video word ({@code thumb}, {@code video}, {@code play}, {@code
   * vod}, {@code movie}, {@code clip}), ignoring case; a plain scan, since it runs on every element
   * of the page. A word can only start at an ASCII letter that folds to its first letter, so each
   * such place is compared with the words of that letter alone.
   */
  static boolean videoMarked(String s) {
    for (int i = 0; i + 3 <= s.length(); i++) {
      boolean found =
          switch ((char) (s.charAt(i) | 0x20)) {
            case 't' -> matchesAt(s, i, "thumb");
            case 'v' -> matchesAt(s, i, "video") || matchesAt(s, i, "vod");
            case 'p' -> matchesAt(s, i, "play");
            case 'm' -> matchesAt(s, i, "movie");
            case 'c' -> matchesAt(s, i, "clip");
            default -> false;
          };
      if (found) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code s.regionMatches(true, at, mark, 0, mark.length())} for a lower-case ASCII mark: ASCII
   * characters compared by their lower case bit, others (dotless i and the like) by regionMatches
   * itself, which avoids its case mapping on every character.
   */
  private static boolean matchesAt(String s, int at, String mark) {
    if (at + mark.length() > s.length()) {
      return false;
    }
    for (int k = 0; k < mark.length(); k++) {
      char c = s.charAt(at + k);
      if (c < 0x80 ? (c | 0x20) != mark.charAt(k) : !s.regionMatches(true, at + k, mark, k, 1)) {
        return false;
      }
    }
    return true;
  }

  private static void videoHeavy(
      int players, int marked, String text, List<Element> anchors, List<RawHit> hits) {
    if (players < VIDEO_HEAVY_MIN_PLAYERS && marked < VIDEO_HEAVY_MIN_MARKED) {
      return;
    }
    int linkChars = 0;
    for (Element a : anchors) {
      linkChars += a.text().length();
    }
    int prose = Math.max(0, text.length() - linkChars);
    if (prose <= VIDEO_HEAVY_MAX_PROSE) {
      hits.add(
          new RawHit(
              "structure.video-heavy",
              Category.LIVE_VIDEO,
              VIDEO_HEAVY_WEIGHT,
              1,
              players
                  + " players, "
                  + marked
                  + " video-marked elements, "
                  + prose
                  + " characters of text outside links"));
    }
  }

  /**
   * Link cards: a link around an image whose card (the link or its parent) shows a duration or
   * "HD".
   */
  private static void thumbGrid(List<Element> anchors, Set<Element> withImage, List<RawHit> hits) {
    int cards = 0;
    String first = null;
    Set<Element> seen = new LinkedHashSet<>();
    Map<Element, String> parentCards = new IdentityHashMap<>();
    for (Element a : anchors) {
      if (!withImage.contains(a)) {
        continue;
      }
      Element parent = a.parent();
      Element card = a;
      String cardText = null;
      if (parent != null) {
        // the parent is often the whole body or a long paragraph: bound its text before building
        // it; decided once per parent (links of a grid share one), its text kept when it is a card
        String text;
        if (parentCards.containsKey(parent)) {
          text = parentCards.get(parent);
        } else {
          text = DomText.surelyLongerThan(parent, MAX_CARD_TEXT) ? null : parent.text();
          if (text != null && text.length() > MAX_CARD_TEXT) {
            text = null;
          }
          parentCards.put(parent, text);
        }
        if (text != null) {
          card = parent;
          cardText = text;
        }
      }
      if (!seen.add(card)) {
        continue;
      }
      String text = cardText != null ? cardText : card.text();
      if (DURATION.matcher(text).find() || CARD_MARK.matcher(text).find()) {
        cards++;
        if (first == null) {
          first = text;
        }
      }
    }
    if (cards >= THUMB_GRID_MIN_CARDS) {
      hits.add(
          new RawHit(
              "structure.thumb-grid",
              Category.LIVE_VIDEO,
              THUMB_GRID_WEIGHT,
              cards,
              cards + " thumbnail cards, e.g. " + IdentifierExtractor.clip(first)));
    }
  }

  /** {@code hrefs}: the {@code href} of each of {@code anchors}, read in the page's scan. */
  private void linkFarm(List<Element> anchors, List<String> hrefs, List<RawHit> hits) {
    Set<String> sites = new LinkedHashSet<>();
    Set<String> adultSites = new LinkedHashSet<>();
    List<Element> outbound = new ArrayList<>();
    Hosts.SiteCache cache = new Hosts.SiteCache();
    Set<String> hostsSeen = new java.util.HashSet<>();
    for (int k = 0; k < anchors.size(); k++) {
      Element a = anchors.get(k);
      Optional<String> host = Sites.linkHost(hrefs.get(k));
      Optional<String> linked = host.flatMap(cache::siteOf);
      if (linked.isEmpty()) {
        continue;
      }
      outbound.add(a);
      if (!hostsSeen.add(host.get())) {
        continue;
      }
      String site = linked.get();
      sites.add(site);
      if (Hosts.adultLooking(host.get())) {
        adultSites.add(site);
      }
    }
    // the page's own site is unknown here; the most-linked site is usually its own, and one
    // site more or less does not change the verdict of a farm
    if (sites.size() < LINK_FARM_MIN_SITES + 1) {
      return;
    }
    int adult = adultSites.size();
    String anchorSnippet = "";
    if (adult < LINK_FARM_MIN_ADULT) {
      StringJoiner anchorText = new StringJoiner("\n");
      for (Element a : outbound) {
        anchorText.add(a.text());
      }
      List<RawHit> found = new ArrayList<>();
      keywords.detect(new PageText(anchorText.toString(), Optional.empty(), Map.of()), found);
      for (RawHit h : found) {
        if (h.category() == Category.EXPLICIT && h.weight() > 0) {
          adult += h.count();
          anchorSnippet = anchorSnippet.isEmpty() ? h.snippet() : anchorSnippet;
        }
      }
    }
    if (adult >= LINK_FARM_MIN_ADULT) {
      hits.add(
          new RawHit(
              "structure.link-farm",
              Category.EXPLICIT,
              LINK_FARM_WEIGHT,
              1,
              sites.size()
                  + " linked sites"
                  + (adultSites.isEmpty()
                      ? ""
                      : ", adult-looking hosts: "
                          + String.join(", ", adultSites.stream().limit(8).toList()))
                  + (anchorSnippet.isEmpty() ? "" : ", anchor text: " + anchorSnippet)));
    }
  }
}
