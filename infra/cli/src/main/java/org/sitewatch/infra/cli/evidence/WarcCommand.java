package org.sitewatch.infra.cli.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.sitewatch.common.warc.WarcVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sitewatch warc ...}: tools for the crawler's WARC evidence files. */
@Command(
    name = "warc",
    mixinStandardHelpOptions = true,
    description = "Work with the crawler's WARC evidence files.",
    subcommands = {WarcCommand.Verify.class})
public final class WarcCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description =
          "Re-read every record of every file and check it against its own headers: the "
              + "WARC-Block-Digest, and the WARC-Payload-Digest of every record that has one (the "
              + "body after the HTTP head, ended by CRLF CRLF or LF LF, for HTTP records; the whole "
              + "block otherwise), each in the algorithm its header names; digests are compared by "
              + "value, so base-32 case and padding do not matter. A record without a block digest, "
              + "with a digest header that cannot be read or with an unknown algorithm is a problem "
              + "too, and the walk goes on. Prints one line per problem and a summary; exit code 1 "
              + "if there is any problem or a record cannot be read, else 0.")
  static final class Verify implements Callable<Integer> {
    @Parameters(
        paramLabel = "FILE",
        arity = "1..*",
        description = "WARC files (.warc.gz or .warc).")
    List<Path> files;

    @Option(names = "--json", description = "Print the report as one JSON object.")
    boolean json;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      WarcVerifier.Report report = new WarcVerifier().verify(files);
      if (json) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("ok", report.ok());
        root.put("files", report.files());
        root.put("records", report.records());
        root.put("bytes", report.bytes());
        ArrayNode problems = root.putArray("problems");
        for (WarcVerifier.Problem p : report.problems()) {
          ObjectNode n = problems.addObject();
          n.put("file", p.file());
          n.put("offset", p.offset());
          n.put("recordId", p.recordId());
          n.put("kind", p.kind().name());
          n.put("expected", p.expected());
          n.put("actual", p.actual());
        }
        out.println(mapper.writeValueAsString(root));
      } else {
        for (WarcVerifier.Problem p : report.problems()) {
          out.println(
              p.file()
                  + " offset "
                  + p.offset()
                  + " "
                  + (p.recordId().isEmpty() ? "(no record id)" : p.recordId())
                  + ": "
                  + describe(p));
        }
        out.println(
            (report.ok() ? "OK" : "FAILED")
                + ": "
                + report.files()
                + " file(s), "
                + report.records()
                + " record(s), "
                + report.bytes()
                + " bytes, "
                + report.problems().size()
                + " problem(s)");
      }
      out.flush();
      return report.ok() ? 0 : 1;
    }

    private static String describe(WarcVerifier.Problem p) {
      return switch (p.kind()) {
        case BLOCK_DIGEST ->
            "block digest mismatch: expected " + p.expected() + ", actual " + p.actual();
        case PAYLOAD_DIGEST ->
            "payload digest mismatch: expected " + p.expected() + ", actual " + p.actual();
        case MISSING_DIGEST -> "no block digest";
        case UNREADABLE -> "unreadable: " + p.actual();
      };
    }
  }
}
