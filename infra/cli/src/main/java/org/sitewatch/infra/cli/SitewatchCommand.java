package org.sitewatch.infra.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import org.sitewatch.common.error.Causes;
import org.sitewatch.infra.bench.BenchCommand;
import org.sitewatch.infra.cli.classify.ClassifyCommand;
import org.sitewatch.infra.cli.classify.EvalCommand;
import org.sitewatch.infra.cli.classify.LexiconCommand;
import org.sitewatch.infra.cli.classify.ListsCommand;
import org.sitewatch.infra.cli.classify.TrainCommand;
import org.sitewatch.infra.cli.db.DbCommand;
import org.sitewatch.infra.cli.evidence.EvidenceCommand;
import org.sitewatch.infra.cli.evidence.WarcCommand;
import org.sitewatch.infra.cli.lead.IdentifierCommand;
import org.sitewatch.infra.cli.lead.LeadCommand;
import org.sitewatch.infra.cli.lead.OperationCommand;
import org.sitewatch.infra.cli.lead.RecrawlCommand;
import org.sitewatch.infra.cli.lead.StatsCommand;
import org.sitewatch.infra.cli.run.DemoCommand;
import org.sitewatch.infra.cli.run.RunCommand;
import org.sitewatch.infra.cli.run.UpCommand;
import org.sitewatch.infra.cli.stage.ClassifierCommand;
import org.sitewatch.infra.cli.stage.CrawlerCommand;
import org.sitewatch.infra.cli.stage.SeedCommand;
import org.sitewatch.infra.cli.stage.SinkCommand;
import org.sitewatch.infra.cli.tips.TipsCommand;
import org.sitewatch.infra.cli.user.UserCommand;
import org.sitewatch.infra.cli.workbench.WorkbenchCommand;
import org.sitewatch.infra.config.ConfigException;
import org.sitewatch.infra.db.Database;
import org.sitewatch.infra.local.DataDir;
import org.sitewatch.infra.ops.LogFormat;
import org.sitewatch.sink.store.SchemaNotCurrentException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sitewatch} command line: one entry point for every mode of running Sitewatch. */
@Command(
    name = "sitewatch",
    mixinStandardHelpOptions = true,
    version = "sitewatch 0.1.0",
    description = "Find obscene and pornographic websites at scale: crawl, score, open leads.",
    subcommands = {
      DemoCommand.class,
      RunCommand.class,
      UpCommand.class,
      WorkbenchCommand.class,
      TipsCommand.class,
      UserCommand.class,
      ClassifyCommand.class,
      EvalCommand.class,
      LexiconCommand.class,
      ListsCommand.class,
      TrainCommand.class,
      SeedCommand.class,
      CrawlerCommand.class,
      ClassifierCommand.class,
      SinkCommand.class,
      LeadCommand.class,
      StatsCommand.class,
      DbCommand.class,
      RecrawlCommand.class,
      OperationCommand.class,
      IdentifierCommand.class,
      EvidenceCommand.class,
      WarcCommand.class,
      ConfigReferenceCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class SitewatchCommand implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(SitewatchCommand.class);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private InputStream in = System.in;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The standard input of the command line {@code spec} belongs to. */
  public static InputStream stdin(CommandLine.Model.CommandSpec spec) {
    return spec.root().userObject() instanceof SitewatchCommand root ? root.in : System.in;
  }

  public static void main(String[] args) {
    // before the first line is logged; the configuration (log.format) may switch it again
    LogFormat.fromEnvironment(System.getenv(LogFormat.ENV)).ifPresent(LogFormat::applyToProcess);
    ShutdownHook.exit(
        execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with the given output streams and returns the exit code. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    return execute(args, System.in, out, err);
  }

  /**
   * Runs the command line with the given input (what {@code --password-stdin} reads) and output
   * streams and returns the exit code.
   */
  public static int execute(String[] args, InputStream in, PrintWriter out, PrintWriter err) {
    SitewatchCommand root = new SitewatchCommand();
    root.in = in;
    CommandLine cli = new CommandLine(root);
    // crawled text (titles, snippets, URLs) is hostile: no control character reaches the terminal
    cli.setOut(TerminalText.safe(out));
    cli.setErr(TerminalText.safe(err));
    cli.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (ShutdownHook.signalled() && interrupted(e)) {
            // what the command was doing when the signal interrupted it (waiting for a database
            // while starting, say) failed with it: a clean stop, as a stop later is
            return say(commandLine.getOut(), commandLine, "stopped while starting (%s)", e, 0);
          }
          if (ShutdownHook.signalled()) {
            // a failure the stop did not cause (closing the stages, writing a report): not masked
            // as a clean stop
            log.debug(
                "{} failed while stopping", commandLine.getCommandSpec().qualifiedName(" "), e);
            return say(commandLine.getErr(), commandLine, "failed while stopping: %s", e, 1);
          }
          if (e instanceof Database.Unreachable) {
            // a deployment's failure, not a bug: the reason in one line, as a stage command gives
            // it; the stack trace with SITEWATCH_LOG_LEVEL=DEBUG
            log.debug("{} cannot start", commandLine.getCommandSpec().qualifiedName(" "), e);
            return say(commandLine.getErr(), commandLine, "cannot start: %s", e, 1);
          }
          if (e instanceof ConfigException
              || e instanceof IllegalArgumentException
              || e instanceof SchemaNotCurrentException
              || e instanceof DataDir.Refused) {
            commandLine.getErr().println("sitewatch: " + e.getMessage());
            return 2;
          }
          throw e;
        });
    return cli.execute(args);
  }

  /**
   * Prints the command's full name ({@code sitewatch lead list}, not {@code list}, which {@code
   * user} and {@code operation} also have), {@code ": "} and {@code what} with the reason of {@code
   * e} (its message, or its type when it has none) as one line to {@code to}, and returns {@code
   * code}.
   */
  private static int say(
      PrintWriter to, CommandLine commandLine, String what, Exception e, int code) {
    to.printf("%s: " + what + "%n", commandLine.getCommandSpec().qualifiedName(" "), reason(e));
    to.flush();
    return code;
  }

  /** What a one-line error says about {@code e}: its message, or its type when it has none. */
  private static String reason(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.toString() : message;
  }

  /**
   * Whether {@code e} is the failure of a wait that an interrupt (the stop) ended: an
   * interrupt-type exception in its cause chain, or the thread still interrupted.
   */
  static boolean interrupted(Throwable e) {
    if (Thread.currentThread().isInterrupted()) {
      return true;
    }
    for (Throwable t : Causes.chain(e)) {
      if (t instanceof InterruptedException
          || t instanceof java.io.InterruptedIOException
          || t instanceof java.nio.channels.ClosedByInterruptException) {
        return true;
      }
    }
    return false;
  }
}
