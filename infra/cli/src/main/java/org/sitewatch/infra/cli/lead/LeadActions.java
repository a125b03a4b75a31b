package org.sitewatch.infra.cli.lead;

import java.time.Clock;
import org.sitewatch.infra.db.Database;
import org.sitewatch.sink.lead.DismissReason;
import org.sitewatch.sink.lead.LeadCase;
import org.sitewatch.sink.workflow.ActionRefusedException;
import org.sitewatch.sink.workflow.ActionRequest;
import org.sitewatch.sink.workflow.LeadAction;
import org.sitewatch.sink.workflow.LeadWorkflow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The lifecycle actions of {@code sitewatch lead} (triage, confirm, refer, close, dismiss, reopen,
 * assign, note, ack): each a subcommand that performs one {@link LeadAction} on one lead.
 */
final class LeadActions {
  private LeadActions() {}

  /** A lifecycle action on one lead. */
  abstract static class Act extends LeadDatabase {
    @Parameters(index = "0", paramLabel = "SITE_OR_ID")
    String lead;

    @Option(
        names = "--actor",
        required = true,
        paramLabel = "NAME",
        description = "Who does it (kept in the history).")
    String actor;

    @Option(names = "--note", paramLabel = "TEXT", description = "A note kept in the history.")
    String note;

    abstract LeadAction action();

    ActionRequest request() {
      return ActionRequest.by(actor).withNote(note);
    }

    @Override
    int run(Database db) {
      String name = "sitewatch lead " + spec.name();
      LeadWorkflow workflow =
          new LeadWorkflow(db.dataSource(), Clock.systemUTC(), cfg.sink().review());
      try {
        LeadCase seen =
            workflow.find(lead).orElseThrow(() -> new IllegalStateException("no lead " + lead));
        LeadCase done =
            workflow.perform(seen.lead().id(), action(), request().expecting(seen.lead().status()));
        spec.commandLine()
            .getOut()
            .printf(
                "lead %d %s: %s -> %s%n",
                done.lead().id(), done.lead().site(), seen.lead().status(), done.lead().status());
        spec.commandLine().getOut().flush();
        return 0;
      } catch (ActionRefusedException e) {
        spec.commandLine()
            .getErr()
            .println(name + ": refused (" + e.refusal() + "): " + e.getMessage());
        return 1;
      } catch (IllegalStateException e) {
        spec.commandLine().getErr().println(name + ": " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(
      name = "triage",
      mixinStandardHelpOptions = true,
      description = "NEW -> TRIAGED (acknowledges its evidence).")
  static final class Triage extends Act {
    @Override
    LeadAction action() {
      return LeadAction.TRIAGE;
    }
  }

  @Command(name = "confirm", mixinStandardHelpOptions = true, description = "TRIAGED -> CONFIRMED.")
  static final class Confirm extends Act {
    @Override
    LeadAction action() {
      return LeadAction.CONFIRM;
    }
  }

  @Command(
      name = "refer",
      mixinStandardHelpOptions = true,
      description = "CONFIRMED -> REFERRED (to the competent bureaus).")
  static final class Refer extends Act {
    @Override
    LeadAction action() {
      return LeadAction.REFER;
    }
  }

  @Command(
      name = "close",
      mixinStandardHelpOptions = true,
      description = "CONFIRMED or REFERRED -> CLOSED.")
  static final class Close extends Act {
    @Override
    LeadAction action() {
      return LeadAction.CLOSE;
    }
  }

  @Command(
      name = "dismiss",
      mixinStandardHelpOptions = true,
      description = "NEW, TRIAGED or CONFIRMED -> DISMISSED, with a reason.")
  static final class Dismiss extends Act {
    @Option(
        names = "--reason",
        required = true,
        paramLabel = "REASON",
        description = "${COMPLETION-CANDIDATES}")
    DismissReason reason;

    @Override
    LeadAction action() {
      return LeadAction.DISMISS;
    }

    @Override
    ActionRequest request() {
      return super.request().withReason(reason);
    }
  }

  @Command(
      name = "reopen",
      mixinStandardHelpOptions = true,
      description = "DISMISSED or CLOSED -> NEW.")
  static final class Reopen extends Act {
    @Override
    LeadAction action() {
      return LeadAction.REOPEN;
    }
  }

  @Command(
      name = "assign",
      mixinStandardHelpOptions = true,
      description = "Assign the lead (status unchanged).")
  static final class Assign extends Act {
    @Option(
        names = "--to",
        required = true,
        paramLabel = "ASSIGNEE",
        description = "Who works the lead.")
    String assignee;

    @Override
    LeadAction action() {
      return LeadAction.ASSIGN;
    }

    @Override
    ActionRequest request() {
      return super.request().withAssignee(assignee);
    }
  }

  @Command(
      name = "note",
      mixinStandardHelpOptions = true,
      description = "Add a note to the history (--note TEXT).")
  static final class Note extends Act {
    @Override
    LeadAction action() {
      return LeadAction.NOTE;
    }
  }

  @Command(
      name = "ack",
      mixinStandardHelpOptions = true,
      description = "Mark the lead's current evidence as seen.")
  static final class Ack extends Act {
    @Override
    LeadAction action() {
      return LeadAction.ACK;
    }
  }
}
