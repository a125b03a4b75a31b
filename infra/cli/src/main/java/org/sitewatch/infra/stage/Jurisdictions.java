package org.sitewatch.infra.stage;

import java.time.Clock;
import javax.sql.DataSource;
import org.sitewatch.infra.config.Sections;
import org.sitewatch.sink.jurisdiction.JurisdictionRouter;
import org.sitewatch.sink.jurisdiction.JurisdictionTables;
import org.sitewatch.sink.jurisdiction.RouteStore;

/** Builds the sink's jurisdiction routing from configuration (tables loaded once, at start). */
public final class Jurisdictions {
  private Jurisdictions() {}

  /** The tables named by the configuration, with the sample standing in for missing ones. */
  public static JurisdictionTables tables(Sections.Jurisdiction config) {
    return JurisdictionTables.load(config.bureaus(), config.addressRanges(), config.registrants());
  }

  /** A lead hook that routes every opened or updated lead in the same transaction. */
  public static RouteStore routeStore(
      Sections.Jurisdiction config, DataSource dataSource, Clock clock) {
    return new RouteStore(dataSource, new JurisdictionRouter(tables(config)), clock);
  }
}
