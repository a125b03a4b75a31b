package org.sitewatch.classifier.page;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;

/**
 * One walk over a parsed page that collects what the detectors ask of its elements, so that each
 * detector reads arrays instead of walking the tree and looking up every element's attributes again
 * (structure, layout, hiding, identifiers, players and the meta tags of the visible text each did).
 *
 * <p>Elements are numbered in document order (the document itself is 0), as {@link
 * Element#getAllElements()} lists them. Per element the scan keeps where its subtree ends, the
 * values of {@code class} (trimmed, as {@link Element#className()}), {@code id}, {@code style} and
 * {@code href}, and whether it has a {@code hidden}, {@code itemprop} or {@code property}
 * attribute: each read as jsoup's {@link Element#attr} and {@link Element#hasAttr} read it, from
 * the first attribute whose name equals the wanted one ignoring ASCII case. Per tag of {@link
 * #TAGS} it keeps the numbers of the elements of that name.
 *
 * <p>The document must not change after the scan; a page whose document changes (injected links
 * taken out) is scanned anew.
 */
public final class DomScan {
  /** The tags whose elements are listed by name; {@link #tagged} of any other tag is an error. */
  static final List<String> TAGS =
      List.of(
          "a",
          "img",
          "video",
          "audio",
          "source",
          "iframe",
          "embed",
          "object",
          "meta",
          "script",
          "style",
          "button",
          "input",
          "span",
          "font",
          "template",
          "noscript",
          "head",
          "link",
          "br");

  private static final Map<String, Integer> TAG_INDEX = new HashMap<>();

  static {
    for (int t = 0; t < TAGS.size(); t++) {
      TAG_INDEX.put(TAGS.get(t), t);
    }
  }

  static final DomScan EMPTY = new DomScan();

  private int size;
  private Element[] elements = new Element[256];
  private int[] end = new int[256];
  private String[] classes = new String[256];
  private String[] ids = new String[256];
  private String[] styles = new String[256];
  private String[] hrefs = new String[256];
  private boolean[] hidden = new boolean[256];
  private final int[][] byTag = new int[TAGS.size()][];
  private final int[] tagCount = new int[TAGS.size()];
  private int[] withProperty = new int[8];
  private int propertyCount;
  private int bodyFrom = -1;
  private int bodyTo = -1;
  private final List<Element> list = new ElementList();

  private DomScan() {
    for (int t = 0; t < byTag.length; t++) {
      byTag[t] = new int[8];
    }
  }

  /** Scans {@code doc}: one walk over its elements. */
  public static DomScan of(Document doc) {
    DomScan scan = new DomScan();
    scan.walk(doc, doc.body());
    return scan;
  }

  /** Every element in document order, the document first. */
  public List<Element> elements() {
    return list;
  }

  public int size() {
    return size;
  }

  public Element element(int i) {
    if (i >= size) {
      throw new IndexOutOfBoundsException(i);
    }
    return elements[i];
  }

  /** The number of {@code body} ({@link Document#body()}), or -1 when the document has none. */
  public int bodyFrom() {
    return bodyFrom;
  }

  /** One past the last element of {@code body}'s subtree (-1 without a body). */
  public int bodyTo() {
    return bodyTo;
  }

  /** One past the last element of element {@code i}'s subtree. */
  public int subtreeEnd(int i) {
    return end[i];
  }

  /** {@link Element#className()} of element {@code i}: "" when it has none. */
  public String className(int i) {
    String c = classes[i];
    return c == null ? "" : c;
  }

  /** {@link Element#id()} of element {@code i}: "" when it has none. */
  public String id(int i) {
    String id = ids[i];
    return id == null ? "" : id;
  }

  /** Whether element {@code i} has a {@code class} or an {@code id} attribute. */
  public boolean hasClassOrId(int i) {
    return classes[i] != null || ids[i] != null;
  }

  /** {@code attr("style")} of element {@code i}: "" when it has none. */
  public String style(int i) {
    String s = styles[i];
    return s == null ? "" : s;
  }

  /** {@code attr("href")} of element {@code i}, or null when it has no {@code href} attribute. */
  public String href(int i) {
    return hrefs[i];
  }

  /** {@code hasAttr("hidden")} of element {@code i}. */
  public boolean hidden(int i) {
    return hidden[i];
  }

  /** The numbers of the elements with an {@code itemprop} or a {@code property}, in order. */
  public int[] withProperty() {
    return Arrays.copyOf(withProperty, propertyCount);
  }

  /**
   * The numbers of the elements named one of {@code tags} (each of {@link #TAGS}), in document
   * order.
   */
  public int[] tagged(String... tags) {
    if (tags.length == 1) {
      int t = tagIndex(tags[0]);
      return Arrays.copyOf(byTag[t], tagCount[t]);
    }
    int[] found = new int[0];
    for (String tag : tags) {
      int t = tagIndex(tag);
      found = merge(found, byTag[t], tagCount[t]);
    }
    return found;
  }

  /** The numbers of {@code a} and the first {@code n} of {@code b}, both ascending, in order. */
  private static int[] merge(int[] a, int[] b, int n) {
    int[] out = new int[a.length + n];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < a.length && j < n) {
      out[k++] = a[i] < b[j] ? a[i++] : b[j++];
    }
    while (i < a.length) {
      out[k++] = a[i++];
    }
    while (j < n) {
      out[k++] = b[j++];
    }
    return out;
  }

  /** The elements named {@code tag} (one of {@link #TAGS}), in document order. */
  public List<Element> elementsNamed(String tag) {
    int t = tagIndex(tag);
    List<Element> found = new ArrayList<>(tagCount[t]);
    for (int k = 0; k < tagCount[t]; k++) {
      found.add(elements[byTag[t][k]]);
    }
    return found;
  }

  private static int tagIndex(String tag) {
    Integer t = TAG_INDEX.get(tag);
    if (t == null) {
      throw new IllegalArgumentException("not a scanned tag: " + tag);
    }
    return t;
  }

  /** Pre-order over the elements only (text and other nodes are passed over). */
  private void walk(Element root, Element body) {
    Element[] path = new Element[64];
    int[] pathIndex = new int[64];
    int[] nextChild = new int[64];
    int depth = 0;
    path[0] = root;
    pathIndex[0] = visit(root, body);
    depth = 1;
    while (depth > 0) {
      Element e = path[depth - 1];
      int c = nextChild[depth - 1];
      if (c < e.childNodeSize()) {
        nextChild[depth - 1] = c + 1;
        Node child = e.childNode(c);
        if (child instanceof Element ce) {
          if (depth == path.length) {
            path = Arrays.copyOf(path, depth * 2);
            pathIndex = Arrays.copyOf(pathIndex, depth * 2);
            nextChild = Arrays.copyOf(nextChild, depth * 2);
          }
          path[depth] = ce;
          pathIndex[depth] = visit(ce, body);
          nextChild[depth] = 0;
          depth++;
        }
      } else {
        depth--;
        end[pathIndex[depth]] = size;
        path[depth] = null;
      }
    }
    if (bodyFrom >= 0) {
      bodyTo = end[bodyFrom];
    }
  }

  private int visit(Element e, Element body) {
    int i = size++;
    if (i == elements.length) {
      int grown = i * 2;
      elements = Arrays.copyOf(elements, grown);
      end = Arrays.copyOf(end, grown);
      classes = Arrays.copyOf(classes, grown);
      ids = Arrays.copyOf(ids, grown);
      styles = Arrays.copyOf(styles, grown);
      hrefs = Arrays.copyOf(hrefs, grown);
      hidden = Arrays.copyOf(hidden, grown);
    }
    elements[i] = e;
    if (e == body) {
      bodyFrom = i;
    }
    Integer t = TAG_INDEX.get(e.normalName());
    if (t != null) {
      if (tagCount[t] == byTag[t].length) {
        byTag[t] = Arrays.copyOf(byTag[t], tagCount[t] * 2);
      }
      byTag[t][tagCount[t]++] = i;
    }
    if (e.attributesSize() > 0) {
      attributes(e, i);
    }
    return i;
  }

  /**
   * Reads the wanted attributes in one pass over the element's attributes, each as {@code
   * getIgnoreCase} and {@code hasKeyIgnoreCase} would: the first name equal to it ignoring ASCII
   * case.
   */
  private void attributes(Element e, int i) {
    boolean property = false;
    for (Attribute a : e.attributes()) {
      String key = a.getKey();
      switch (wanted(key)) {
        case CLASS -> {
          if (classes[i] == null) {
            classes[i] = a.getValue().trim();
          }
        }
        case ID -> {
          if (ids[i] == null) {
            ids[i] = a.getValue();
          }
        }
        case STYLE -> {
          if (styles[i] == null) {
            styles[i] = a.getValue();
          }
        }
        case HREF -> {
          if (hrefs[i] == null) {
            hrefs[i] = a.getValue();
          }
        }
        case HIDDEN -> hidden[i] = true;
        case ITEMPROP, PROPERTY -> property = true;
        default -> {}
      }
    }
    if (property) {
      if (propertyCount == withProperty.length) {
        withProperty = Arrays.copyOf(withProperty, propertyCount * 2);
      }
      withProperty[propertyCount++] = i;
    }
  }

  private static final int OTHER = -1;
  private static final int CLASS = 0;
  private static final int ID = 1;
  private static final int STYLE = 2;
  private static final int HREF = 3;
  private static final int HIDDEN = 4;
  private static final int ITEMPROP = 5;
  private static final int PROPERTY = 6;

  /** The wanted names, indexed by the constants above. */
  private static final String[] NAMES = {
    "class", "id", "style", "href", "hidden", "itemprop", "property"
  };

  /**
   * Which wanted name {@code key} equals ignoring ASCII case, as jsoup compares attribute names
   * ({@code Normalizer.equalsIgnoreAsciiCase}: only A-Z fold). A key without an upper-case ASCII
   * letter (the parser lower-cases names) equals one so only when it equals it; only other keys
   * (set through the API) are folded.
   */
  static int wanted(String key) {
    int w =
        switch (key.length()) {
          case 2 -> key.equals("id") ? ID : OTHER;
          case 4 -> key.equals("href") ? HREF : OTHER;
          case 5 -> key.equals("class") ? CLASS : key.equals("style") ? STYLE : OTHER;
          case 6 -> key.equals("hidden") ? HIDDEN : OTHER;
          case 8 -> key.equals("itemprop") ? ITEMPROP : key.equals("property") ? PROPERTY : OTHER;
          default -> OTHER;
        };
    if (w != OTHER) {
      return w;
    }
    for (int k = 0; k < key.length(); k++) {
      char c = key.charAt(k);
      if (c >= 'A' && c <= 'Z') {
        for (int n = 0; n < NAMES.length; n++) {
          if (equalsIgnoreAsciiCase(key, NAMES[n])) {
            return n;
          }
        }
        return OTHER;
      }
    }
    return OTHER;
  }

  /** {@code key} equals {@code name}, a lower-case ASCII name, with A-Z folded to a-z. */
  private static boolean equalsIgnoreAsciiCase(String key, String name) {
    if (key.length() != name.length()) {
      return false;
    }
    for (int k = 0; k < key.length(); k++) {
      char c = key.charAt(k);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      }
      if (c != name.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** The scanned elements as a list, without copying them. */
  private final class ElementList extends AbstractList<Element> implements RandomAccess {
    @Override
    public Element get(int i) {
      return element(i);
    }

    @Override
    public int size() {
      return size;
    }
  }
}
