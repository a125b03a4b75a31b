package org.sitewatch.infra.local;

import org.sitewatch.events.Outcome;
import org.sitewatch.sink.lead.ApplyResult;
import org.sitewatch.sink.lead.Lead;

/**
 * What the all-in-one mode reports while it runs (the CLI prints it). Called from stage threads.
 */
public interface PipelineListener {
  void onLead(Lead lead, ApplyResult result);

  default void onOutcome(Outcome outcome) {}
}
