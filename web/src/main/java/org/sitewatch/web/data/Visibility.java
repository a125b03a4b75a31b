package org.sitewatch.web.data;

import org.jdbi.v3.core.statement.SqlStatement;
import org.sitewatch.web.account.Viewer;

/**
 * The bureau rule, in SQL: a viewer sees a lead routed ({@code lead_route}) to one of its bureaus,
 * or every lead if its role sees all. Every query of the workbench that reads a lead, or anything
 * hanging off one, includes {@link #LEAD} (with the lead table aliased {@code lead}) and binds
 * {@link #bind}; a lead it excludes reads as missing, which the pages answer with 404.
 */
public final class Visibility {
  /** True when the viewer may see the row {@code lead}. */
  public static final String LEAD =
      "(:seesAll OR EXISTS (SELECT 1 FROM lead_route vis"
          + " WHERE vis.lead_id = lead.id AND vis.region_code = ANY(:bureaus)))";

  private Visibility() {}

  public static <S extends SqlStatement<S>> S bind(S statement, Viewer viewer) {
    return statement
        .bind("seesAll", viewer.seesAll())
        .bindArray("bureaus", String.class, (Object[]) viewer.bureauArray());
  }
}
