package org.sitewatch.web.account;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The signed-in account a request acts for: every lead query takes one and returns only what it may
 * see (the leads routed to one of its bureaus, or everything for roles that {@link Role#seesAll}).
 *
 * @param accountId the account's id
 * @param name the account name, the actor recorded in histories and custody logs
 * @param role what it may do
 * @param bureaus region codes of its bureaus (six digits)
 */
public record Viewer(long accountId, String name, Role role, Set<String> bureaus) {
  public Viewer {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    bureaus = Set.copyOf(new TreeSet<>(bureaus == null ? Set.of() : bureaus));
  }

  public boolean seesAll() {
    return role.seesAll();
  }

  /** The bureaus as an array, for {@code region_code = ANY(:bureaus)}. */
  public String[] bureauArray() {
    return new TreeSet<>(bureaus).toArray(String[]::new);
  }
}
