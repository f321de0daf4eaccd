package io.kava.kubectl.cli;

import com.google.protobuf.Message;
import io.kava.api.core.v1.ConfigMap;
import io.kava.api.core.v1.EnvVar;
import io.kava.api.core.v1.Secret;
import io.kava.client.Kinds;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import io.kava.kubectl.resource.ObjectNames;
import io.kava.kubectl.resource.ObjectUpdates;
import io.kava.kubectl.resource.ResourceArgs;
import io.kava.kubectl.resource.Target;
import io.kava.kubectl.set.EnvChange;
import io.kava.kubectl.set.EnvSources;
import io.kava.kubectl.set.ImageChange;
import io.kava.kubectl.set.Templates;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** `kavactl set image|env`: change the pod template of Deployments and ReplicaSets, as `kubectl set`. */
@Command(name = "set", mixinStandardHelpOptions = true, description = "Set specific features on objects.",
    subcommands = {SetCommand.Image.class, SetCommand.Env.class})
final class SetCommand implements Callable<Integer> {
  @ParentCommand
  RootCommand root;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 1;
  }

  /** The resource arguments (before the first change argument) as kind and name pairs. */
  static List<Target> targets(List<String> args, Predicate<String> isChange, String verb) {
    List<String> resources = new ArrayList<>();
    for (String a : args) {
      if (isChange.test(a)) {
        break;
      }
      resources.add(a);
    }
    List<Target> targets = ResourceArgs.parse(resources, verb);
    for (Target t : targets) {
      Templates.check(t.kind());
      if (t.names().isEmpty()) {
        throw CliException.error("resource(s) were provided, but no name was specified");
      }
    }
    return targets;
  }

  @Command(name = "image", mixinStandardHelpOptions = true,
      description = "Update the image of containers: set image deploy/NAME CONTAINER=IMAGE ... (* for all).")
  static final class Image implements Callable<Integer> {
    @ParentCommand
    SetCommand set;

    @Parameters(paramLabel = "KIND/NAME CONTAINER=IMAGE", arity = "1..*")
    List<String> args = List.of();

    @Override
    public Integer call() {
      Session session = set.root.session();
      ImageChange change = ImageChange.parse(args.stream().filter(ImageChange::isPair).toList());
      for (Target t : targets(args, ImageChange::isPair, "set image")) {
        for (String name : t.names()) {
          var r = ObjectUpdates.update(session, t.kind(), name, m -> Templates.change(m, change::apply));
          if (r.changed()) {
            session.out().println(ObjectNames.slashed(t.kind(), name) + " image updated");
          }
        }
      }
      return 0;
    }
  }

  @Command(name = "env", mixinStandardHelpOptions = true,
      description = "Update environment variables: set env deploy/NAME KEY=VALUE KEY- [--from=configmap/NAME] [--list].")
  static final class Env implements Callable<Integer> {
    @ParentCommand
    SetCommand set;

    @Parameters(paramLabel = "KIND/NAME KEY=VALUE|KEY-", arity = "1..*")
    List<String> args = List.of();

    @Option(names = {"-c", "--containers"}, defaultValue = "*", description = "The names of containers to change (wildcards)")
    String containers;

    @Option(names = "--list", description = "Display the environment and any changes in the standard format")
    boolean list;

    @Option(names = "--from", paramLabel = "configmap/NAME|secret/NAME", description = "The name of a resource from which to inject environment variables")
    String from;

    @Option(names = "--prefix", defaultValue = "", description = "Prefix to append to variable names")
    String prefix;

    @Override
    public Integer call() {
      Session session = set.root.session();
      EnvChange change = EnvChange.parse(args.stream().filter(EnvChange::isEnvArg).toList());
      List<Target> targets = targets(args, EnvChange::isEnvArg, "set env");
      if (list) {
        for (Target t : targets) {
          for (String name : t.names()) {
            Message m = ObjectUpdates.get(session, t.kind(), session.namespace(), name);
            session.out().print(EnvChange.list(t.kind().resource(), name, Templates.of(m), containers));
          }
        }
        return 0;
      }
      List<EnvVar> extra = from == null ? List.of() : fromSource(session);
      if (change.isEmpty() && extra.isEmpty()) {
        throw CliException.error("at least one environment variable must be provided");
      }
      for (Target t : targets) {
        for (String name : t.names()) {
          var r = ObjectUpdates.update(session, t.kind(), name,
              m -> Templates.change(m, tpl -> change.apply(tpl, containers, extra)));
          if (r.changed()) {
            session.out().println(ObjectNames.slashed(t.kind(), name) + " env updated");
          }
        }
      }
      return 0;
    }

    private List<EnvVar> fromSource(Session session) {
      Target source = ResourceArgs.parse(List.of(from), "set env").get(0);
      if (source.names().size() != 1) {
        throw CliException.error("--from must name one configmap/NAME or secret/NAME");
      }
      Message m = ObjectUpdates.get(session, source.kind(), session.namespace(), source.names().get(0));
      if (m instanceof ConfigMap cm) {
        return EnvSources.of(cm, prefix);
      }
      if (m instanceof Secret s) {
        return EnvSources.of(s, prefix);
      }
      throw CliException.error("--from accepts only configmap/NAME or secret/NAME");
    }
  }
}
