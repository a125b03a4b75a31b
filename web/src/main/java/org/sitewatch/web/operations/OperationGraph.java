package org.sitewatch.web.operations;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sitewatch.sink.operations.Operation;

/**
 * The picture of an operation, laid out on the server for an inline SVG: its leads in the left
 * column, the identifiers that link them in the right one, a line for each "lead has identifier".
 * At most {@link #MAX_NODES} nodes are drawn; {@link #hidden()} says how many were left out. Labels
 * are plain text, shortened; the template escapes them.
 *
 * @param width the drawing's width
 * @param height the drawing's height
 * @param nodes leads and identifiers with their positions
 * @param edges lines from a lead to an identifier it holds
 * @param hidden nodes left out to keep the drawing readable
 */
public record OperationGraph(
    int width, int height, List<Node> nodes, List<Edge> edges, int hidden) {
  /** The most nodes drawn. */
  public static final int MAX_NODES = 60;

  static final int WIDTH = 760;
  static final int ROW = 26;
  static final int TOP = 24;
  static final int LEAD_X = 250;
  static final int IDENTIFIER_X = 510;
  static final int MAX_LABEL = 34;

  /**
   * A node: a lead ({@code href} to its page) or an identifier ({@code href} empty).
   *
   * @param lead whether it is a lead
   * @param label site, or "type: value"
   * @param title the full text, shown on hover
   */
  public record Node(boolean lead, String label, String title, String href, int x, int y) {
    /** Where the label starts: left of a lead, right of an identifier. */
    public int labelX() {
      return lead ? x - 12 : x + 12;
    }

    public String anchor() {
      return lead ? "end" : "start";
    }
  }

  /** A line between a lead and one of its identifiers. */
  public record Edge(int x1, int y1, int x2, int y2) {}

  public OperationGraph {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }

  /** Lays out {@code members} and {@code links} (already cut to what the viewer may see). */
  static OperationGraph of(List<Operation.Member> members, List<Operation.SharedIdentifier> links) {
    int leadCount = Math.min(members.size(), Math.max(MAX_NODES - links.size(), MAX_NODES / 2));
    int identifierCount = Math.min(links.size(), MAX_NODES - leadCount);
    int rows = Math.max(leadCount, identifierCount);
    int height = TOP * 2 + Math.max(rows - 1, 0) * ROW;
    List<Node> nodes = new ArrayList<>();
    Map<Long, Node> leadNodes = new HashMap<>();
    int leadTop = TOP + (rows - leadCount) * ROW / 2;
    for (int i = 0; i < leadCount; i++) {
      Operation.Member m = members.get(i);
      Node n =
          new Node(
              true, shorten(m.site()), m.site(), "/leads/" + m.leadId(), LEAD_X, leadTop + i * ROW);
      nodes.add(n);
      leadNodes.put(m.leadId(), n);
    }
    List<Edge> edges = new ArrayList<>();
    int identifierTop = TOP + (rows - identifierCount) * ROW / 2;
    for (int i = 0; i < identifierCount; i++) {
      Operation.SharedIdentifier s = links.get(i);
      String text = s.type() + ": " + s.value();
      Node n = new Node(false, shorten(text), text, "", IDENTIFIER_X, identifierTop + i * ROW);
      nodes.add(n);
      for (long leadId : s.leadIds()) {
        Node lead = leadNodes.get(leadId);
        if (lead != null) {
          edges.add(new Edge(lead.x(), lead.y(), n.x(), n.y()));
        }
      }
    }
    int hidden = members.size() - leadCount + links.size() - identifierCount;
    return new OperationGraph(WIDTH, height, nodes, edges, hidden);
  }

  private static String shorten(String s) {
    return s.codePointCount(0, s.length()) <= MAX_LABEL
        ? s
        : s.substring(0, s.offsetByCodePoints(0, MAX_LABEL - 1)) + "…";
  }
}
