package org.sitewatch.sink.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sitewatch.sink.lead.LeadStatus;

class LeadActionTest {
  @ParameterizedTest(name = "{1} from {0}: {2}")
  @CsvSource({
    // from,     action,   allowed
    "NEW,       TRIAGE,   true",
    "TRIAGED,   TRIAGE,   false",
    "CONFIRMED, TRIAGE,   false",
    "DISMISSED, TRIAGE,   false",
    "NEW,       CONFIRM,  false",
    "TRIAGED,   CONFIRM,  true",
    "CONFIRMED, CONFIRM,  false",
    "REFERRED,  CONFIRM,  false",
    "DISMISSED, CONFIRM,  false",
    "TRIAGED,   REFER,    false",
    "CONFIRMED, REFER,    true",
    "REFERRED,  REFER,    false",
    "NEW,       CLOSE,    false",
    "TRIAGED,   CLOSE,    false",
    "CONFIRMED, CLOSE,    true",
    "REFERRED,  CLOSE,    true",
    "CLOSED,    CLOSE,    false",
    "DISMISSED, CLOSE,    false",
    "NEW,       DISMISS,  true",
    "TRIAGED,   DISMISS,  true",
    "CONFIRMED, DISMISS,  true",
    "REFERRED,  DISMISS,  false",
    "CLOSED,    DISMISS,  false",
    "DISMISSED, DISMISS,  false",
    "NEW,       REOPEN,   false",
    "CONFIRMED, REOPEN,   false",
    "REFERRED,  REOPEN,   false",
    "CLOSED,    REOPEN,   true",
    "DISMISSED, REOPEN,   true",
    "NEW,       ASSIGN,   true",
    "CLOSED,    ASSIGN,   true",
    "DISMISSED, NOTE,     true",
    "REFERRED,  NOTE,     true",
    "NEW,       ACK,      true",
    "DISMISSED, ACK,      true",
  })
  void lifecycleRules(LeadStatus from, LeadAction action, boolean allowed) {
    assertThat(action.allowedFrom(from)).isEqualTo(allowed);
  }

  @ParameterizedTest(name = "{0} leads to {1}")
  @CsvSource({
    "TRIAGE,  TRIAGED",
    "CONFIRM, CONFIRMED",
    "REFER,   REFERRED",
    "CLOSE,   CLOSED",
    "DISMISS, DISMISSED",
    "REOPEN,  NEW",
  })
  void statusChangingActionsLeadToOneStatus(LeadAction action, LeadStatus target) {
    assertThat(action.target()).contains(target);
    assertThat(action.changesStatus()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({"ASSIGN", "NOTE", "ACK"})
  void bookkeepingActionsKeepTheStatus(LeadAction action) {
    assertThat(action.target()).isEmpty();
    for (LeadStatus s : LeadStatus.values()) {
      assertThat(action.after(s)).isEqualTo(s);
    }
  }
}
