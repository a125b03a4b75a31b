package org.sitewatch.web.account;

import java.util.EnumSet;
import java.util.Set;
import org.sitewatch.sink.workflow.LeadAction;

/**
 * What a workbench account may do. Analysts work the leads of their bureaus; supervisors also
 * assign, refer, close and reopen; auditors read everything and change nothing; admins see
 * everything and manage accounts and the ignore list. Every role sees the tip queue; analysts and
 * supervisors enter hotline tips and open leads from tips by hand; only supervisors read a
 * reporter's contact.
 */
public enum Role {
  ANALYST(
      false,
      EnumSet.of(
          Permission.EXPORT,
          Permission.REQUEST_CRAWL,
          Permission.VIEW_TIPS,
          Permission.ENTER_TIPS,
          Permission.OPEN_LEAD_FROM_TIP),
      EnumSet.of(
          LeadAction.TRIAGE,
          LeadAction.CONFIRM,
          LeadAction.DISMISS,
          LeadAction.NOTE,
          LeadAction.ACK)),
  SUPERVISOR(
      false,
      EnumSet.of(
          Permission.EXPORT,
          Permission.REQUEST_CRAWL,
          Permission.VIEW_TIPS,
          Permission.ENTER_TIPS,
          Permission.OPEN_LEAD_FROM_TIP,
          Permission.READ_TIP_CONTACT),
      EnumSet.allOf(LeadAction.class)),
  ADMIN(
      true,
      EnumSet.of(
          Permission.MANAGE_ACCOUNTS,
          Permission.MANAGE_IGNORE_LIST,
          Permission.EXPORT,
          Permission.VIEW_TIPS),
      EnumSet.noneOf(LeadAction.class)),
  AUDITOR(
      true, EnumSet.of(Permission.EXPORT, Permission.VIEW_TIPS), EnumSet.noneOf(LeadAction.class));

  private final boolean seesAll;
  private final Set<Permission> permissions;
  private final Set<LeadAction> actions;

  Role(boolean seesAll, Set<Permission> permissions, Set<LeadAction> actions) {
    this.seesAll = seesAll;
    this.permissions = permissions;
    this.actions = actions;
  }

  /** Whether the role sees the leads of every bureau (and leads routed to none). */
  public boolean seesAll() {
    return seesAll;
  }

  public boolean may(Permission permission) {
    return permissions.contains(permission);
  }

  public boolean mayPerform(LeadAction action) {
    return actions.contains(action);
  }

  /** The lead actions of this role, in the order of {@link LeadAction}. */
  public Set<LeadAction> actions() {
    return actions.isEmpty() ? EnumSet.noneOf(LeadAction.class) : EnumSet.copyOf(actions);
  }
}
