package org.sitewatch.web.account;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of {@code workbench_account_log}: who changed which account how, and when.
 *
 * @param details the change's details as JSON text (role and bureaus of an added account, the end
 *     of a lock)
 */
public record AccountLogEntry(
    Instant at, String actor, String account, String action, String details) {
  public AccountLogEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(action, "action");
    details = details == null ? "{}" : details;
  }
}
