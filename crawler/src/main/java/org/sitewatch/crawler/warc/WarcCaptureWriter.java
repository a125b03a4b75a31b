package org.sitewatch.crawler.warc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.netpreserve.jwarc.MediaType;
import org.netpreserve.jwarc.MessageVersion;
import org.netpreserve.jwarc.WarcCompression;
import org.netpreserve.jwarc.WarcDigest;
import org.netpreserve.jwarc.WarcMetadata;
import org.netpreserve.jwarc.WarcRequest;
import org.netpreserve.jwarc.WarcResponse;
import org.netpreserve.jwarc.WarcTruncationReason;
import org.netpreserve.jwarc.WarcWriter;
import org.netpreserve.jwarc.Warcinfo;
import org.sitewatch.common.warc.WarcDigests;
import org.sitewatch.events.WarcRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WARC writer of one crawler worker, shared by its parallel site crawls. Thread-safe.
 *
 * <p>Each {@link #write} appends one group to the current file, never split across files: the
 * {@code response} record, then the {@code request} and (if there are fields) {@code metadata}
 * records, both carrying {@code WARC-Concurrent-To} = the response's record id. Every record is a
 * gzip member of its own (WARC/1.1, SHA-256 block digest, payload digest on request and response).
 * Records are compressed outside the lock; only the append is serialized. A file starts with a
 * {@code warcinfo} record; when appending a group would take a file that already holds a group past
 * {@code maxFileBytes}, the file is closed and a new one started. Files are named {@code
 * PREFIX-yyyyMMddHHmmssSSS-NNNNN-WORKER.warc.gz} (UTC time the file was opened, a serial per
 * writer, the worker id).
 *
 * <p>A failed append (disk full) throws to the caller, closes the file (the next group opens a new
 * one) and is logged once until an append succeeds again.
 */
public final class WarcCaptureWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WarcCaptureWriter.class);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneOffset.UTC);
  private static final MediaType WARC_FIELDS = MediaType.parse("application/warc-fields");
  private static final Pattern LINE_BREAKS = Pattern.compile("[\\r\\n]+");

  /**
   * How files are named and rolled, and what every file's warcinfo record says.
   *
   * @param prefix first part of every file name, e.g. {@code sitewatch}
   * @param workerId last part of every file name; letters, digits, {@code .}, {@code _}, {@code -}
   * @param maxFileBytes a file is closed before a group would take it past this size (at least 1
   *     KiB)
   * @param warcinfoFields fields of the warcinfo record (software, operator, host, configuration)
   */
  public record Options(
      String prefix, String workerId, long maxFileBytes, Map<String, List<String>> warcinfoFields) {
    public Options {
      Objects.requireNonNull(prefix, "prefix");
      Objects.requireNonNull(workerId, "workerId");
      if (!prefix.matches("[A-Za-z0-9._-]+") || !workerId.matches("[A-Za-z0-9._-]+")) {
        throw new IllegalArgumentException(
            "prefix and workerId may only hold letters, digits, '.', '_' and '-': '"
                + prefix
                + "', '"
                + workerId
                + "'");
      }
      if (maxFileBytes < 1024) {
        throw new IllegalArgumentException(
            "maxFileBytes must be at least 1024, got " + maxFileBytes);
      }
      Map<String, List<String>> copy = new LinkedHashMap<>();
      warcinfoFields.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      warcinfoFields = java.util.Collections.unmodifiableMap(copy);
    }
  }

  private final WarcStorage storage;
  private final Options options;
  private final Clock clock;
  private final AtomicLong bytesWritten = new AtomicLong();
  private final Object lock = new Object();
  // guarded by lock
  private OutputStream out;
  private String fileName;
  private long fileSize;
  private int groupsInFile;
  private int serial;
  private boolean failing;
  private boolean closed;
  private final List<String> files = new ArrayList<>();

  public WarcCaptureWriter(WarcStorage storage, Options options, Clock clock) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.options = Objects.requireNonNull(options, "options");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Total bytes appended to WARC files so far (compressed), warcinfo records included. */
  public long bytesWritten() {
    return bytesWritten.get();
  }

  /** Where the files go. */
  public WarcStorage storage() {
    return storage;
  }

  /** Names of the files this writer created, oldest first. */
  public List<String> files() {
    synchronized (lock) {
      return List.copyOf(files);
    }
  }

  /**
   * Appends the exchange's records as one group.
   *
   * @return where the response record is: file, offset and length of its gzip member, record id and
   *     digests
   * @throws IOException if the group could not be appended (nothing of it is referenced)
   */
  public WarcRef write(WarcExchange exchange) throws IOException {
    Group group = serialize(exchange);
    synchronized (lock) {
      if (closed) {
        throw new IOException("WARC writer is closed");
      }
      try {
        if (out != null
            && groupsInFile > 0
            && fileSize + group.bytes.length > options.maxFileBytes()) {
          closeFile();
        }
        if (out == null) {
          openFile();
        }
        long offset = fileSize;
        out.write(group.bytes);
        fileSize += group.bytes.length;
        groupsInFile++;
        bytesWritten.addAndGet(group.bytes.length);
        failing = false;
        return new WarcRef(
            storage.reference(fileName),
            offset,
            group.responseLength,
            group.responseId,
            group.blockDigest,
            group.payloadDigest);
      } catch (IOException | RuntimeException e) {
        if (!failing) {
          failing = true;
          log.warn(
              "cannot write WARC file {} in {}: {}; pages are published without a WARC reference"
                  + " until writing works again",
              fileName,
              storage.location(),
              e.toString());
        }
        abandonFile();
        throw e instanceof IOException io ? io : new IOException(e);
      }
    }
  }

  private record Group(
      byte[] bytes,
      long responseLength,
      String responseId,
      String blockDigest,
      String payloadDigest) {}

  private Group serialize(WarcExchange x) throws IOException {
    Instant date = x.date().truncatedTo(ChronoUnit.MILLIS);
    InetAddress ip = x.ipAddress() == null ? null : ipLiteral(x.ipAddress());
    UUID responseUuid = UUID.randomUUID();
    byte[] responseBlock = concat(x.responseHead(), x.body());
    WarcDigest block = WarcDigests.sha256(responseBlock);
    WarcDigest payload = WarcDigests.sha256(x.body());
    WarcResponse.Builder response =
        new WarcResponse.Builder(x.targetUri())
            .version(MessageVersion.WARC_1_1)
            .recordId(responseUuid)
            .date(date)
            .body(MediaType.HTTP_RESPONSE, responseBlock)
            .blockDigest(block)
            .payloadDigest(payload);
    if (ip != null) {
      response.ipAddress(ip);
    }
    if (x.truncated() != null) {
      response.truncated(
          WarcTruncationReason.valueOf(x.truncated().toUpperCase(java.util.Locale.ROOT)));
    }
    WarcResponse responseRecord = response.build();
    WarcRequest.Builder request =
        new WarcRequest.Builder(x.targetUri())
            .version(MessageVersion.WARC_1_1)
            .recordId(UUID.randomUUID())
            .date(date)
            .concurrentTo(responseRecord.id())
            .body(MediaType.HTTP_REQUEST, x.requestHead())
            .blockDigest(WarcDigests.sha256(x.requestHead()))
            .payloadDigest(WarcDigests.sha256(new byte[0]));
    if (ip != null) {
      request.ipAddress(ip);
    }
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(responseBlock.length / 2 + 1024);
    WarcWriter writer = new WarcWriter(Channels.newChannel(buffer), WarcCompression.GZIP);
    writer.write(responseRecord);
    long responseLength = buffer.size();
    writer.write(request.build());
    if (!x.metadata().isEmpty()) {
      byte[] fields = fields(x.metadata());
      writer.write(
          new WarcMetadata.Builder()
              .version(MessageVersion.WARC_1_1)
              .recordId(UUID.randomUUID())
              .date(date)
              .targetURI(x.targetUri())
              .concurrentTo(responseRecord.id())
              .body(WARC_FIELDS, fields)
              .blockDigest(WarcDigests.sha256(fields))
              .build());
    }
    return new Group(
        buffer.toByteArray(),
        responseLength,
        "<" + responseRecord.id() + ">",
        block.toString(),
        payload.toString());
  }

  private void openFile() throws IOException {
    Instant now = clock.instant();
    serial++;
    String name =
        options.prefix()
            + "-"
            + STAMP.format(now)
            + "-"
            + String.format(java.util.Locale.ROOT, "%05d", serial)
            + "-"
            + options.workerId()
            + ".warc.gz";
    fileName = name;
    OutputStream stream = storage.create(name);
    byte[] info = warcinfo(name, now);
    try {
      stream.write(info);
    } catch (IOException e) {
      try {
        stream.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    out = stream;
    fileSize = info.length;
    groupsInFile = 0;
    files.add(name);
    bytesWritten.addAndGet(info.length);
    log.info("writing WARC file {} in {}", name, storage.location());
  }

  private byte[] warcinfo(String name, Instant now) throws IOException {
    Map<String, List<String>> all = new LinkedHashMap<>();
    all.put("format", List.of("WARC File Format 1.1"));
    all.put(
        "conformsTo",
        List.of("https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"));
    all.putAll(options.warcinfoFields());
    byte[] fields = fields(all);
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    WarcWriter writer = new WarcWriter(Channels.newChannel(buffer), WarcCompression.GZIP);
    writer.write(
        new Warcinfo.Builder()
            .version(MessageVersion.WARC_1_1)
            .recordId(UUID.randomUUID())
            .date(now.truncatedTo(ChronoUnit.MILLIS))
            .filename(name)
            .body(WARC_FIELDS, fields)
            .blockDigest(WarcDigests.sha256(fields))
            .build());
    return buffer.toByteArray();
  }

  static byte[] fields(Map<String, List<String>> fields) {
    StringBuilder text = new StringBuilder();
    fields.forEach(
        (name, values) -> {
          for (String value : values) {
            // one line per value: a line break inside a value would start a new field
            text.append(name).append(": ");
            if (value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
              text.append(value); // the usual case: no pattern to run for every field
            } else {
              text.append(LINE_BREAKS.matcher(value).replaceAll(" "));
            }
            text.append("\r\n");
          }
        });
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static InetAddress ipLiteral(String ip) {
    try {
      // only IP literals reach here; getByName does not look literals up
      return ip.matches("[0-9a-fA-F:.%]+") ? InetAddress.getByName(ip) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] all = new byte[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private void closeFile() throws IOException {
    OutputStream o = out;
    out = null;
    if (o != null) {
      o.close();
    }
  }

  private void abandonFile() {
    try {
      closeFile();
    } catch (IOException e) {
      log.debug("closing WARC file {} after a failed write: {}", fileName, e.toString());
    }
  }

  /**
   * Closes the current file and then the storage (an object store waits at most about a second for
   * the upload under way; what is not uploaded stays in the spool for the next start); later writes
   * fail. Idempotent.
   */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        closeFile();
      } catch (IOException e) {
        log.warn("closing WARC file {} failed: {}", fileName, e.toString());
      }
    }
    storage.close();
  }
}
