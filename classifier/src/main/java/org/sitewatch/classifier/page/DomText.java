package org.sitewatch.classifier.page;

import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * Cheap bounds on {@link Element#text()}, for checks such as "the card's text is at most 300
 * characters" that would otherwise build the text of a large element (the whole body, when a link
 * sits directly in it) once per link.
 */
public final class DomText {
  private DomText() {}

  /**
   * True only when {@code e.text().length() > max} for certain: more than {@code max} visible
   * characters were counted in its text nodes. {@code text()} keeps every such character (it only
   * collapses white space and drops invisible ones), so the count is a lower bound of its length;
   * the walk stops as soon as the bound is passed. A false answer decides nothing.
   */
  public static boolean surelyLongerThan(Element e, int max) {
    int[] count = {0};
    NodeTraversor.filter(
        new NodeFilter() {
          @Override
          public FilterResult head(Node node, int depth) {
            if (node instanceof TextNode t) {
              String s = t.getWholeText();
              for (int i = 0; i < s.length(); i++) {
                if (visible(s.charAt(i)) && ++count[0] > max) {
                  return FilterResult.STOP;
                }
              }
            }
            return FilterResult.CONTINUE;
          }
        },
        e);
    return count[0] > max;
  }

  /** Characters that {@code text()} certainly keeps: not white space, not format or invisible. */
  private static boolean visible(char c) {
    if (c <= ' ') {
      return false;
    }
    if (c < 0x7f) {
      return true;
    }
    return c != 0xA0
        && c != 0xAD
        && !Character.isWhitespace(c)
        && !Character.isSpaceChar(c)
        && Character.getType(c) != Character.FORMAT
        && Character.getType(c) != Character.CONTROL;
  }
}
