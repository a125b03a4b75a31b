package org.sitewatch.sink.evidence;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.sitewatch.sink.Lead;

/**
 * Where an evidence bundle gets the WARC files of a lead's pages: the extension point for WARC
 * capture. Each file is copied under {@code warc/} by its file name, hashed and listed in the
 * manifest like every other file. Until capture stores WARCs, {@link #NONE} yields none and the
 * bundle explains that in {@code warc/README.txt}.
 */
@FunctionalInterface
public interface WarcSource {
  /** No WARC records are available. */
  WarcSource NONE = lead -> List.of();

  /**
   * The WARC files holding the records of the lead's pages (matched e.g. by page URL and body
   * SHA-256), in a stable order; file names must be unique.
   */
  List<Path> warcFiles(Lead lead) throws IOException;
}
