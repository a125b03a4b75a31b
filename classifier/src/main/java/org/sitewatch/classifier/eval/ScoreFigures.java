package org.sitewatch.classifier.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;
import org.sitewatch.events.Json;

/**
 * The figures of {@code sitewatch eval} that need scores, next to its {@link Report}: precision at
 * fixed recall always, the reliability table when asked for.
 *
 * @param precisionAtRecall precision at {@link ScoredItems#RECALL_LEVELS}
 * @param calibration the reliability table, when asked for
 */
public record ScoreFigures(PrecisionAtRecall precisionAtRecall, Optional<Calibration> calibration) {
  public ScoreFigures {
    Objects.requireNonNull(precisionAtRecall, "precisionAtRecall");
    Objects.requireNonNull(calibration, "calibration");
  }

  /** The figures of {@code items}, with the reliability table when {@code withCalibration}. */
  public static ScoreFigures of(ScoredItems items, boolean withCalibration) {
    return new ScoreFigures(
        items.precisionAtRecall(),
        withCalibration ? Optional.of(items.calibration()) : Optional.empty());
  }

  /** The text printed after the report's. */
  public String toText() {
    StringBuilder out = new StringBuilder("\n").append(precisionAtRecall.toText());
    calibration.ifPresent(c -> out.append('\n').append(c.toText()));
    return out.toString();
  }

  /**
   * The report's JSON object with these figures added as {@code precisionAtRecall} and, when
   * present, {@code calibration}: the report's own fields stay as they are.
   */
  public String toJson(Report report) {
    return toJson(report, Optional.empty());
  }

  /**
   * {@link #toJson(Report)}, with the figures by site ({@code sitewatch eval --train}) as {@code
   * siteSplit} when present.
   */
  public String toJson(Report report, Optional<SiteSplitReport> sites) {
    ObjectNode node = Json.mapper().valueToTree(report);
    sites.ifPresent(s -> node.set("siteSplit", Json.mapper().valueToTree(s)));
    node.set("precisionAtRecall", Json.mapper().valueToTree(precisionAtRecall));
    calibration.ifPresent(c -> node.set("calibration", Json.mapper().valueToTree(c)));
    try {
      return Json.mapper().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
