package org.sitewatch.sink.store;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The four database roles of a deployment (docs/database.md): the owner of the schema, used only by
 * {@code sitewatch db migrate}; the sink, which writes leads and appends to their history; the
 * analyst, who reads leads and records decisions; the public tip-off site, which records tips and
 * reads nothing else. None of them but the owner may rewrite, delete or truncate history or
 * custody, nor change the schema.
 *
 * @param owner owns every table; a NOLOGIN role that the migrating account switches to
 * @param sink the account of {@code sitewatch sink}
 * @param analyst the account of the lead, stats, operation, identifier, recrawl and evidence
 *     commands
 * @param tips the account of {@code sitewatch tips} (the public tip-off site): it adds tips and
 *     reads their status, and cannot read a lead, an account or a reporter's contact
 */
public record DatabaseRoles(String owner, String sink, String analyst, String tips) {
  /** Plain lower-case identifiers only: the names are written into SQL without quoting games. */
  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /** The tip-off site's role unless configured ({@code db.tips-role}). */
  public static final String DEFAULT_TIPS = "sitewatch_tips";

  /**
   * {@code sitewatch_owner}, {@code sitewatch_sink}, {@code sitewatch_analyst}, {@code
   * sitewatch_tips}.
   */
  public static final DatabaseRoles DEFAULTS =
      new DatabaseRoles("sitewatch_owner", "sitewatch_sink", "sitewatch_analyst", DEFAULT_TIPS);

  public DatabaseRoles {
    check(owner, "owner");
    check(sink, "sink");
    check(analyst, "analyst");
    check(tips, "tips");
    if (List.of(owner, sink, analyst, tips).stream().distinct().count() < 4) {
      throw new IllegalArgumentException(
          "the owner, sink, analyst and tips roles must be four different roles: "
              + owner
              + ", "
              + sink
              + ", "
              + analyst
              + ", "
              + tips);
    }
  }

  /** The three roles of a deployment configured before the tip-off site, with its default role. */
  public DatabaseRoles(String owner, String sink, String analyst) {
    this(owner, sink, analyst, DEFAULT_TIPS);
  }

  private static void check(String name, String what) {
    Objects.requireNonNull(name, what);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "the "
              + what
              + " role name must match "
              + NAME.pattern()
              + " (a plain PostgreSQL identifier), got '"
              + name
              + "'");
    }
  }
}
