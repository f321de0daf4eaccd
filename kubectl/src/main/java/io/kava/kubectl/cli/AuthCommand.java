package io.kava.kubectl.cli;

import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import io.kava.kubectl.rbac.AccessCheck;
import io.kava.kubectl.rbac.WhoAmI;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** `kavactl auth can-i` and `kavactl auth whoami`: inspect authorization, as kubectl's. */
@Command(name = "auth", mixinStandardHelpOptions = true, description = "Inspect authorization.",
    subcommands = {AuthCommand.CanI.class, AuthCommand.WhoAmICommand.class})
final class AuthCommand implements Callable<Integer> {
  @ParentCommand
  RootCommand root;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 1;
  }

  @Command(name = "can-i", mixinStandardHelpOptions = true,
      description = {"Check whether an action is allowed: can-i VERB [TYPE | TYPE/NAME]. TYPE is a resource; short names "
          + "(deploy) and groups (deployments.apps) are resolved. Pairs with --as/--as-group. Exit code 0: yes, 1: no."},
      footer = {"", "Examples:", "  kavactl auth can-i create pods --all-namespaces", "  kavactl auth can-i list deployments.apps",
          "  kavactl auth can-i list pods --as=system:serviceaccount:dev:foo -n prod", "  kavactl auth can-i '*' '*'",
          "  kavactl auth can-i list jobs.batch/bar -n foo", "  kavactl auth can-i get pods --subresource=log",
          "  kavactl auth can-i --list --namespace=foo"})
  static final class CanI implements Callable<Integer> {
    @ParentCommand
    AuthCommand auth;

    @Parameters(paramLabel = "VERB TYPE[/NAME]", arity = "0..*", description = "The verb and the resource")
    List<String> args = List.of();

    @Option(names = {"-A", "--all-namespaces"}, description = "If true, check the specified action in all namespaces.")
    boolean allNamespaces;

    @Option(names = {"-q", "--quiet"}, description = "If true, suppress output and just return the exit code.")
    boolean quiet;

    @Option(names = "--subresource", defaultValue = "", description = "SubResource such as pod/log or deployment/scale")
    String subresource;

    @Option(names = "--list", description = "If true, prints all allowed actions.")
    boolean list;

    @Option(names = "--no-headers", description = "If true, prints allowed actions without headers")
    boolean noHeaders;

    @Override
    public Integer call() {
      Session session = auth.root.session();
      AccessCheck check = new AccessCheck(session);
      if (list) {
        if (!args.isEmpty()) {
          throw CliException.error("list option must be specified with no arguments");
        }
        if (quiet || allNamespaces || !subresource.isEmpty()) {
          throw CliException.error("list option can't be specified with neither quiet, all-namespaces nor subresource options");
        }
        check.list(session.namespace(), !noHeaders, session.out(), session.err());
        return 0;
      }
      if (args.size() != 2) {
        throw CliException.error("you must specify two arguments: verb resource or verb resource/resourceName.\n"
            + "See 'kavactl auth can-i -h' for help and examples.");
      }
      String namespace = allNamespaces ? "" : session.namespace();
      AccessCheck.Question q = check.question(args.get(0), args.get(1), subresource, namespace, session.err());
      if (noHeaders) {
        throw CliException.error("--no-headers cannot be set without --list specified");
      }
      PrintStream out = quiet ? new PrintStream(OutputStream.nullOutputStream()) : session.out();
      return check.check(q, out) ? 0 : 1;
    }
  }

  @Command(name = "whoami", mixinStandardHelpOptions = true,
      description = "Check who you are and your attributes (groups, extra), as the API server authenticated you.")
  static final class WhoAmICommand implements Callable<Integer> {
    @ParentCommand
    AuthCommand auth;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "json or yaml: the SelfSubjectReview")
    String output;

    @Override
    public Integer call() {
      Session session = auth.root.session();
      new WhoAmI(session).print(output);
      return 0;
    }
  }
}
