package org.sitewatch.web.capture;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.netpreserve.jwarc.HttpResponse;
import org.netpreserve.jwarc.MessageBody;
import org.netpreserve.jwarc.WarcReader;
import org.netpreserve.jwarc.WarcRecord;
import org.netpreserve.jwarc.WarcResponse;
import org.sitewatch.common.text.CharsetSniffer;
import org.sitewatch.common.text.ContentTypes;
import org.sitewatch.events.PageRef;
import org.sitewatch.sink.evidence.warc.WarcLookup;
import org.sitewatch.sink.evidence.warc.WarcSlice;
import org.sitewatch.sink.evidence.warc.WarcSource;

/**
 * Reads a page as it was captured, from its WARC response record, never from the live site. The
 * store locates and checks the record (digests against the lead's reference, {@link WarcSource});
 * this reads at most {@link #MAX_BODY_BYTES} of its body after undoing the content encoding (so a
 * compression bomb stops there), and decodes them as a browser would ({@link CharsetSniffer}: BOM,
 * header, {@code <meta>}, else UTF-8 or GB18030). Every problem is a {@link Capture.Unavailable} or
 * a note, never an exception.
 */
final class CaptureReader {
  /** The most body bytes read and shown; the rest is cut with a note. */
  static final int MAX_BODY_BYTES = 5 * 1024 * 1024;

  private final Optional<WarcSource> source;

  CaptureReader(Optional<WarcSource> source) {
    this.source = source;
  }

  Capture read(PageRef page) {
    if (source.isEmpty()) {
      return new Capture.Unavailable(Capture.Why.NO_STORE, "");
    }
    if (page.warc() == null) {
      return new Capture.Unavailable(Capture.Why.NO_RECORD, "");
    }
    WarcLookup lookup;
    try {
      lookup = source.get().lookup(page.warc());
    } catch (RuntimeException e) {
      return unreadable("the WARC store failed: " + e.getMessage());
    }
    if (lookup.unavailable() != null) {
      return unreadable(lookup.unavailable());
    }
    try {
      return read(lookup.records().get(0));
    } catch (IOException | UncheckedIOException e) {
      // jwarc's ParsingException is an IOException: a malformed record or HTTP head lands here
      return unreadable("the record cannot be read: " + e.getMessage());
    } catch (RuntimeException e) {
      return unreadable("the record cannot be read: " + e);
    }
  }

  private static Capture read(WarcSlice slice) throws IOException {
    try (InputStream stored = slice.open();
        GZIPInputStream gunzip = new GZIPInputStream(stored, 16 * 1024);
        WarcReader reader = new WarcReader(gunzip)) {
      Optional<WarcRecord> next = reader.next();
      if (next.isEmpty() || !(next.get() instanceof WarcResponse response)) {
        return unreadable(
            "the record is not a response: " + next.map(WarcRecord::type).orElse("none"));
      }
      List<String> notes = new ArrayList<>();
      response
          .headers()
          .first("WARC-Truncated")
          .ifPresent(r -> notes.add("the crawler stored the body cut short (" + r + ")"));
      HttpResponse http = response.http();
      String contentType = http.headers().first("Content-Type").orElse(null);
      MessageBody body;
      try {
        body = http.bodyDecoded();
      } catch (IOException | RuntimeException e) {
        notes.add("the content encoding could not be undone: " + e.getMessage());
        body = http.body();
      }
      byte[] bytes;
      try (InputStream in = body.stream()) {
        bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      } catch (IOException e) {
        return unreadable("the body cannot be read: " + e.getMessage());
      }
      boolean truncated = bytes.length > MAX_BODY_BYTES;
      if (truncated) {
        bytes = Arrays.copyOf(bytes, MAX_BODY_BYTES);
      }
      CharsetSniffer.Decoded decoded =
          CharsetSniffer.decode(
              bytes, contentType, CharsetSniffer.utf8Else(CharsetSniffer.GB18030));
      if (decoded.mismatch() != null) {
        notes.add(decoded.mismatch());
      }
      return new Capture.Read(
          http.status(),
          ContentTypes.mediaType(contentType),
          decoded.charset(),
          decoded.text(),
          truncated,
          notes);
    }
  }

  private static Capture unreadable(String detail) {
    return new Capture.Unavailable(Capture.Why.UNREADABLE, detail);
  }
}
