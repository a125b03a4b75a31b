package org.sitewatch.common.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CausesTest {

  @Test
  @Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang's guard
  void aChainThatLoopsBackEndsWhereItRepeats() {
    SQLException a = new SQLException("pool: request timed out");
    IllegalStateException b = new IllegalStateException("driver: connection refused");
    a.initCause(b);
    b.initCause(a); // A -> B -> A: initCause refuses only a cause that is the exception itself

    assertThat(Causes.chain(a)).containsExactly(a, b);
    assertThat(Causes.deepestMessage(a, Throwable.class)).hasValue("driver: connection refused");
    assertThat(Causes.deepestMessage(a, SQLException.class)).hasValue("pool: request timed out");
  }

  @Test
  void theDeepestMessageOfTheTypeIsTakenAndBlankOnesAreSkipped() {
    Exception e =
        new SQLException(
            "outer", new SQLException(" the driver's reason ", new RuntimeException(" ")));

    assertThat(Causes.deepestMessage(e, SQLException.class)).hasValue("the driver's reason");
    assertThat(Causes.deepestMessage(e, Throwable.class)).hasValue("the driver's reason");
    assertThat(Causes.deepestMessage(new RuntimeException(), Throwable.class)).isEmpty();
  }
}
