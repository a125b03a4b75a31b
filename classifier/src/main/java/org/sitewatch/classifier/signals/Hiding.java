package org.sitewatch.classifier.signals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.sitewatch.classifier.page.DomScan;
import org.sitewatch.classifier.page.PageText;

/**
 * Which elements of a page a visitor cannot see, judged from the page alone: the {@code hidden}
 * attribute; inline styles ({@code display:none}, {@code visibility:hidden}, {@code font-size:0},
 * {@code opacity:0}, far negative offsets or text indents, a 0-1 pixel box with {@code
 * overflow:hidden}, text in the colour of its background); and simple class or id rules of the
 * page's own {@code <style>} blocks ({@code .x{display:none}}), which injected code often uses.
 *
 * <p>External style sheets are not fetched and rules inside {@code @media} blocks are ignored,
 * since responsive layouts hide whole menus at some widths and that is not concealment.
 */
final class Hiding {
  /** A top-most hidden element and how it is hidden. */
  record Hidden(Element element, String technique) {}

  static final Pattern FONT_SIZE_ZERO =
      Pattern.compile("(?:^|;)font-size:0(?:\\.0++)?(?:px|pt|em|rem|%)?(?:;|!|$)");
  static final Pattern OPACITY_ZERO = Pattern.compile("(?:^|;)opacity:0(?:\\.0++)?(?:;|!|$)");
  static final Pattern OFF_SCREEN =
      Pattern.compile(
          "(?:^|;)(?:left|top|right|bottom|margin-left|margin-top|text-indent):-\\d{4,}");
  static final Pattern TINY_BOX = Pattern.compile("(?:^|;)(?:width|height):[01](?:px)?(?:;|!|$)");
  static final Pattern COLOR = Pattern.compile("(?:^|;)color:([^;!]+)");
  static final Pattern BACKGROUND =
      Pattern.compile("(?:^|;)background(?:-color)?:([^;!\\s]+?)(?:;|!|$|\\s|url)");
  static final Pattern SIMPLE_SELECTOR = Pattern.compile("^[a-z0-9]*([.#])([\\w-]+)$");

  /** Elements whose contents are not looked at (one of {@link DomScan}'s tags each). */
  private static final String[] SKIP = {
    "script", "style", "template", "noscript", "head", "meta", "link", "input", "br"
  };

  private final DomScan dom;
  private final Set<String> hiddenClasses;
  private final Set<String> hiddenIds;

  /** The page background when the page sets it explicitly on {@code body}, else null. */
  private final String pageBackground;

  private Hiding(
      DomScan dom, Set<String> hiddenClasses, Set<String> hiddenIds, String pageBackground) {
    this.dom = dom;
    this.hiddenClasses = hiddenClasses;
    this.hiddenIds = hiddenIds;
    this.pageBackground = pageBackground;
  }

  static Hiding of(Document doc) {
    return of(doc, DomScan.of(doc));
  }

  /** As {@link #of(Document)}, given the page's element scan (see {@link PageText#dom}). */
  static Hiding of(Document doc, DomScan dom) {
    Set<String> classes = new HashSet<>();
    Set<String> ids = new HashSet<>();
    for (int i : dom.tagged("style")) {
      parseRules(dom.element(i).data(), classes, ids);
    }
    String background = null;
    Element body = doc.body();
    if (body != null) {
      if (body.hasAttr("bgcolor")) {
        background = colour(body.attr("bgcolor"));
      } else {
        Matcher m = BACKGROUND.matcher(compact(body.attr("style")));
        if (m.find()) {
          background = colour(m.group(1));
        }
      }
    }
    return new Hiding(dom, Set.copyOf(classes), Set.copyOf(ids), background);
  }

  /** Top-level rules only; {@code @media} and other at-rule blocks are skipped whole. */
  static void parseRules(String css, Set<String> classes, Set<String> ids) {
    String s = withoutComments(css);
    int i = 0;
    int n = s.length();
    while (i < n && classes.size() + ids.size() < 1000) {
      int open = s.indexOf('{', i);
      if (open < 0) {
        return;
      }
      String selector = s.substring(i, open).strip().toLowerCase(Locale.ROOT);
      int depth = 1;
      int j = open + 1;
      while (j < n && depth > 0) {
        char c = s.charAt(j);
        if (c == '{') {
          depth++;
        } else if (c == '}') {
          depth--;
        }
        j++;
      }
      String body = s.substring(open + 1, Math.max(open + 1, j - 1));
      if (!selector.startsWith("@")
          && body.indexOf('{') < 0
          && inlineTechnique(compact(body), null) != null) {
        for (String part : selector.split(",")) {
          Matcher m = SIMPLE_SELECTOR.matcher(part.strip());
          if (m.matches()) {
            (m.group(1).equals(".") ? classes : ids).add(m.group(2));
          }
        }
      }
      i = j;
    }
  }

  /**
   * {@code css} without its comments, in one pass: an unclosed comment runs to the end. (A lazy
   * regex for this rescans the rest of the text from every unclosed {@code /*}: quadratic.)
   */
  static String withoutComments(CharSequence css) {
    int n = css.length();
    StringBuilder out = new StringBuilder(n);
    boolean inComment = false;
    for (int i = 0; i < n; i++) {
      char c = css.charAt(i);
      if (inComment) {
        if (c == '*' && i + 1 < n && css.charAt(i + 1) == '/') {
          inComment = false;
          i++;
        }
      } else if (c == '/' && i + 1 < n && css.charAt(i + 1) == '*') {
        inComment = true;
        i++;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** How element {@code i} of the scan is hidden itself, if it is (not its ancestors). */
  Optional<String> technique(int i) {
    if (dom.hidden(i)) {
      return Optional.of("hidden attribute");
    }
    String style = dom.style(i);
    if (!style.isEmpty()) {
      String t = inlineTechnique(compact(style), pageBackground);
      if (t != null) {
        return Optional.of(t);
      }
    }
    Element e = dom.element(i);
    if (pageBackground != null
        && e.tagName().equals("font")
        && e.hasAttr("color")
        && pageBackground.equals(colour(e.attr("color")))) {
      return Optional.of("font colour of the page background");
    }
    if (!hiddenClasses.isEmpty()) {
      String c = hiddenClass(dom.className(i));
      if (c != null) {
        return Optional.of("style rule ." + c);
      }
    }
    String id = dom.id(i);
    if (!hiddenIds.isEmpty() && !id.isEmpty() && hiddenIds.contains(id.toLowerCase(Locale.ROOT))) {
      return Optional.of("style rule #" + id);
    }
    return Optional.empty();
  }

  /**
   * The first of the white-space separated names in {@code className} that is a hidden class, as
   * {@link Element#classNames()} would list them, without building that set for every element.
   */
  private String hiddenClass(String className) {
    int n = className.length();
    int i = 0;
    while (i < n) {
      while (i < n && asciiSpace(className.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !asciiSpace(className.charAt(i))) {
        i++;
      }
      if (i > start) {
        String c = className.substring(start, i);
        if (hiddenClasses.contains(c.toLowerCase(Locale.ROOT))) {
          return c;
        }
      }
    }
    return null;
  }

  /** The white space of {@code \\s}, which {@link Element#classNames()} splits on. */
  private static boolean asciiSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  /**
   * The top-most hidden elements under the page's {@code body} (itself included), in document
   * order, at most {@code max}; the contents of {@link #SKIP} elements are not looked at.
   */
  List<Hidden> roots(int max) {
    List<Hidden> found = new ArrayList<>();
    int i = dom.bodyFrom();
    int to = dom.bodyTo();
    java.util.BitSet skip = new java.util.BitSet();
    for (int s : dom.tagged(SKIP)) {
      skip.set(s);
    }
    while (i < to) {
      if (skip.get(i)) {
        i = dom.subtreeEnd(i);
        continue;
      }
      Optional<String> t = technique(i);
      if (t.isPresent()) {
        found.add(new Hidden(dom.element(i), t.get()));
        if (found.size() >= max) {
          break;
        }
        i = dom.subtreeEnd(i);
        continue;
      }
      i++;
    }
    return found;
  }

  /** How an inline style (compacted) hides its element, or null. */
  static String inlineTechnique(String style, String pageBackground) {
    if (style.contains("display:none")) {
      return "display:none";
    }
    if (style.contains("visibility:hidden")) {
      return "visibility:hidden";
    }
    if (FONT_SIZE_ZERO.matcher(style).find()) {
      return "font-size:0";
    }
    if (OPACITY_ZERO.matcher(style).find()) {
      return "opacity:0";
    }
    if (OFF_SCREEN.matcher(style).find()) {
      return "off-screen position";
    }
    if (style.contains("overflow:hidden") && TINY_BOX.matcher(style).find()) {
      return "0-1 pixel box";
    }
    Matcher color = COLOR.matcher(style);
    if (color.find()) {
      String fg = colour(color.group(1));
      Matcher bg = BACKGROUND.matcher(style);
      String background = bg.find() ? colour(bg.group(1)) : pageBackground;
      if (fg != null && fg.equals(background)) {
        return "text colour of the background";
      }
    }
    return null;
  }

  /** Lower-case, without white space, so that declarations compare simply. */
  static String compact(String style) {
    StringBuilder sb = new StringBuilder(style.length());
    for (int i = 0; i < style.length(); i++) {
      char c = style.charAt(i);
      if (!Character.isWhitespace(c)) {
        sb.append(Character.toLowerCase(c));
      }
    }
    return sb.toString();
  }

  /** A colour in one form: {@code #abc} as {@code #aabbcc}, a few names as hex. */
  static String colour(String raw) {
    String c = compact(raw);
    if (c.isEmpty()) {
      return null;
    }
    switch (c) {
      case "white":
        return "#ffffff";
      case "black":
        return "#000000";
      default:
        break;
    }
    if (c.matches("#[0-9a-f]{3}")) {
      return "#"
          + c.charAt(1)
          + c.charAt(1)
          + c.charAt(2)
          + c.charAt(2)
          + c.charAt(3)
          + c.charAt(3);
    }
    if (c.matches("[0-9a-f]{6}")) {
      return "#" + c;
    }
    if (c.equals("rgb(255,255,255)")) {
      return "#ffffff";
    }
    if (c.equals("rgb(0,0,0)")) {
      return "#000000";
    }
    return c;
  }
}
