package io.kava.kubectl.cli;

import com.google.protobuf.Message;
import io.kava.client.ApiException;
import io.kava.kubectl.CliException;
import io.kava.kubectl.ServerErrors;
import io.kava.kubectl.Session;
import io.kava.kubectl.generate.DryRun;
import io.kava.kubectl.generate.Exposer;
import io.kava.kubectl.generate.GeneratedOutput;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;

/**
 * A `create KIND NAME` subcommand that builds its object from flags: --dry-run and -o as kubectl, and
 * a refused create worded "failed to create KIND: ..." as upstream.
 */
abstract class GeneratedCreate implements Callable<Integer> {
  @Option(names = "--dry-run", arity = "0..1", preprocessor = BareDryRun.class, paramLabel = "none|client|server",
      description = "client: print the object without sending it; server: the server checks it and stores nothing")
  String dryRun;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "yaml, json or name")
  String output;

  abstract Session session();

  /** The object to create; flag errors are thrown here, before anything is sent. */
  abstract Message generate(Session session);

  /** The word in "failed to create WHAT": configmap, deployment, secret; null: the server's error as it is. */
  abstract String what();

  @Override
  public Integer call() {
    Session session = session();
    DryRun mode = CreateServiceCommand.dryRun(dryRun, session);
    GeneratedOutput out = GeneratedOutput.parse(output);
    Message object = generate(session);
    try {
      Exposer.createOrPrint(session, object, "created", mode, out);
      return 0;
    } catch (ApiException e) {
      if (what() == null) {
        throw e;
      }
      throw CliException.error("failed to create " + what() + ": " + ServerErrors.oneLine(e.getMessage()));
    }
  }
}
