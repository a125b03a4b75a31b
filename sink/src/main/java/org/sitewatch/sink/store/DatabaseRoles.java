package org.sitewatch.sink.store;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The three database roles of a deployment (docs/database.md): the owner of the schema, used only
 * by {@code sitewatch db migrate}; the sink, which writes leads and appends to their history; the
 * analyst, who reads leads and records decisions. Neither the sink nor the analyst may rewrite,
 * delete or truncate history or custody, nor change the schema.
 *
 * @param owner owns every table; a NOLOGIN role that the migrating account switches to
 * @param sink the account of {@code sitewatch sink}
 * @param analyst the account of the lead, stats, operation, identifier, recrawl and evidence
 *     commands
 */
public record DatabaseRoles(String owner, String sink, String analyst) {
  /** Plain lower-case identifiers only: the names are written into SQL without quoting games. */
  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /** {@code sitewatch_owner}, {@code sitewatch_sink}, {@code sitewatch_analyst}. */
  public static final DatabaseRoles DEFAULTS =
      new DatabaseRoles("sitewatch_owner", "sitewatch_sink", "sitewatch_analyst");

  public DatabaseRoles {
    check(owner, "owner");
    check(sink, "sink");
    check(analyst, "analyst");
    if (owner.equals(sink) || owner.equals(analyst) || sink.equals(analyst)) {
      throw new IllegalArgumentException(
          "the owner, sink and analyst roles must be three different roles: "
              + owner
              + ", "
              + sink
              + ", "
              + analyst);
    }
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
