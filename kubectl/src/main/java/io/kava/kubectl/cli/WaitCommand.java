package io.kava.kubectl.cli;

import io.kava.client.flags.GoDurations;
import io.kava.kubectl.CliException;
import io.kava.kubectl.resource.ResourceArgs;
import io.kava.kubectl.wait.WaitCondition;
import io.kava.kubectl.wait.Waiter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "wait", mixinStandardHelpOptions = true,
    description = "Wait for a condition on one or many objects: wait KIND/NAME... --for=condition=Ready | --for=delete "
        + "| --for=jsonpath='{.status.phase}'=Running [--timeout=30s]")
final class WaitCommand implements Callable<Integer> {
  @ParentCommand
  RootCommand root;

  @Parameters(paramLabel = "KIND [NAME...]", arity = "0..*", description = "e.g. pod/web-0, deploy nginx, pods -l app=x")
  List<String> args = List.of();

  @Option(names = "--for", paramLabel = "CONDITION", description = "delete, condition=NAME[=VALUE] or "
      + "jsonpath='{PATH}'[=VALUE]")
  String forCondition;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
      description = "How long to wait for each object; 0 looks once, a negative value waits a week (default: ${DEFAULT-VALUE})")
  String timeout;

  @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR", description = "Wait on the objects these labels select")
  String labelSelector;

  @Option(names = "--all", description = "Wait on every object of the kind in the namespace")
  boolean all;

  @Option(names = {"-A", "--all-namespaces"}, description = "With --all or -l, across all namespaces")
  boolean allNamespaces;

  @Override
  public Integer call() {
    WaitCondition condition = WaitCondition.parse(forCondition);
    Waiter.Request request = new Waiter.Request(ResourceArgs.parse(args, "wait"), labelSelector == null ? "" : labelSelector,
        all, allNamespaces, condition, timeout(timeout));
    return new Waiter(root.session()).await(request);
  }

  static Duration timeout(String text) {
    String t = text.strip();
    if (t.startsWith("-")) {
      return Duration.ofDays(7);
    }
    try {
      return GoDurations.parse(t);
    } catch (IllegalArgumentException e) {
      throw CliException.error("invalid argument \"" + text + "\" for \"--timeout\" flag: time: invalid duration \""
          + text + "\"");
    }
  }
}
