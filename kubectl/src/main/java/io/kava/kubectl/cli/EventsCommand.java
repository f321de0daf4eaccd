package io.kava.kubectl.cli;

import io.kava.kubectl.events.EventLister;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "events", mixinStandardHelpOptions = true,
    description = "List events: events [--for KIND/NAME] [--types Normal,Warning] [-w] [-A]")
final class EventsCommand implements Callable<Integer> {
  @ParentCommand
  RootCommand root;

  @Option(names = "--for", paramLabel = "KIND/NAME", description = "Only the events of this object, e.g. pod/web-0")
  String forObject;

  @Option(names = "--types", split = ",", paramLabel = "TYPE", description = "Only events of these types: Normal, Warning")
  List<String> types = List.of();

  @Option(names = {"-w", "--watch"}, description = "After listing, print new events as they come (Ctrl-C to stop)")
  boolean watch;

  @Option(names = {"-A", "--all-namespaces"}, description = "Events of every namespace")
  boolean allNamespaces;

  @Option(names = "--no-headers", description = "No header line")
  boolean noHeaders;

  @Override
  public Integer call() {
    return new EventLister(root.session()).run(new EventLister.Request(forObject, types, watch, allNamespaces, noHeaders));
  }
}
