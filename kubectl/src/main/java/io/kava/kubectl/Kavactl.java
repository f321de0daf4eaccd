package io.kava.kubectl;

import io.kava.client.ApiException;
import io.kava.client.codec.ManifestException;
import io.kava.kubectl.cli.RootCommand;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Runs one kavactl command line against an {@link Env}; returns the exit code. Every failure ends as one
 * line on stderr and exit code 1, never a stack trace.
 */
public final class Kavactl {
  private Kavactl() {}

  public static int run(String[] args, Env env) {
    RootCommand root = new RootCommand(env);
    CommandLine commandLine = new CommandLine(root);
    commandLine.setOut(new PrintWriter(env.out(), true));
    commandLine.setErr(new PrintWriter(env.err(), true));
    commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
      env.err().println(errorLine(e, root));
      env.err().flush();
      return 1;
    });
    commandLine.setParameterExceptionHandler((e, badArgs) -> {
      env.err().println("error: " + ServerErrors.oneLine(e.getMessage()) + ". See '"
          + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
      return 1;
    });
    try {
      return commandLine.execute(args);
    } catch (RuntimeException e) {
      env.err().println(errorLine(e, root));
      return 1;
    } finally {
      try {
        root.close();
      } catch (RuntimeException ignored) {
        // the command's outcome is already printed; a failing channel shutdown changes nothing for the user
      }
    }
  }

  /** The one line a failure shows: kubectl's wording where kubectl has one. */
  public static String errorLine(Throwable e, RootCommand root) {
    if (e instanceof CliException) {
      return e.getMessage();
    }
    if (e instanceof ManifestException) {
      return "error: " + e.getMessage();
    }
    if (e instanceof ApiException api) {
      return ServerErrors.line(api, root.serverForErrors(), null, null);
    }
    String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    return "error: " + ServerErrors.oneLine(message);
  }
}
