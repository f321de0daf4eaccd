package io.kava.kubectl.completion;

import com.google.protobuf.Message;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.client.ListOptions;
import io.kava.kubectl.Session;
import io.kava.kubectl.config.KubeConfigFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The candidates for the last word of a partial command line, for the shell scripts of `completion`:
 * subcommands, options, -o formats, namespaces and contexts after -n and --context, kinds after a verb
 * that takes KIND, and object names fetched from the cluster after a kind (or in KIND/NAME form). A
 * verb takes kinds when its first positional parameter is labelled "KIND..." and pod names when it is
 * "POD..." (logs, exec). Candidates may include words not starting with the prefix: the shell filters.
 */
public final class Completer {
  private static final List<String> OUTPUTS = List.of("json", "yaml", "wide", "name", "jsonpath=", "jsonpath-file=",
      "custom-columns=", "custom-columns-file=");

  private final CommandSpec root;
  private final Supplier<Session> session;
  private final java.nio.file.Path configFile;

  public Completer(CommandSpec root, Supplier<Session> session, java.nio.file.Path configFile) {
    this.root = root;
    this.session = session;
    this.configFile = configFile;
  }

  public List<String> complete(List<String> words) {
    if (words.isEmpty()) {
      words = List.of("");
    }
    String current = words.get(words.size() - 1);
    CommandSpec command = root;
    List<String> positionals = new ArrayList<>();
    OptionSpec pendingOption = null;
    for (String w : words.subList(0, words.size() - 1)) {
      if (pendingOption != null) {
        pendingOption = null;
        continue;
      }
      if (w.startsWith("-")) {
        OptionSpec o = command.findOption(w.contains("=") ? w.substring(0, w.indexOf('=')) : w);
        if (o != null && o.arity().min() > 0 && !w.contains("=")) {
          pendingOption = o;
        }
        continue;
      }
      if (positionals.isEmpty() && command.subcommands().containsKey(w)) {
        command = command.subcommands().get(w).getCommandSpec();
        continue;
      }
      positionals.add(w);
    }
    if (pendingOption != null) {
      return optionValues(pendingOption);
    }
    if (current.startsWith("-")) {
      List<String> names = new ArrayList<>();
      command.options().stream().filter(o -> !o.hidden()).forEach(o -> names.addAll(List.of(o.names())));
      return sorted(names);
    }
    if (positionals.isEmpty() && !command.subcommands().isEmpty()) {
      List<String> names = new ArrayList<>();
      command.subcommands().forEach((name, sub) -> {
        if (!sub.getCommandSpec().usageMessage().hidden()) {
          names.add(name);
        }
      });
      return sorted(names);
    }
    String label = command.positionalParameters().isEmpty() ? ""
        : command.positionalParameters().get(0).paramLabel().toUpperCase(Locale.ROOT);
    if (label.startsWith("POD")) {
      return names(Kinds.POD, "");
    }
    if (!label.startsWith("KIND")) {
      return List.of();
    }
    if (current.contains("/")) {
      String kindName = current.substring(0, current.indexOf('/'));
      return Kinds.byUserName(kindName).map(k -> names(k, kindName + "/")).orElse(List.of());
    }
    if (positionals.isEmpty()) {
      return kinds();
    }
    Optional<Kind> kind = positionals.get(0).contains(",") || positionals.get(0).contains("/") ? Optional.empty()
        : Kinds.byUserName(positionals.get(0));
    return kind.map(k -> names(k, "")).orElse(List.of());
  }

  private List<String> optionValues(OptionSpec option) {
    List<String> names = List.of(option.names());
    if (names.contains("-o") || names.contains("--output")) {
      return OUTPUTS;
    }
    if (names.contains("--namespace")) {
      return names(Kinds.NAMESPACE, "");
    }
    if (names.contains("--context")) {
      return KubeConfigFile.read(configFile).contextNames();
    }
    return List.of();
  }

  private static List<String> kinds() {
    List<String> names = new ArrayList<>(List.of("all"));
    for (Kind k : Kinds.all()) {
      names.add(k.resource());
    }
    return sorted(names);
  }

  /** The names of the kind's objects in the session's namespace, or nothing when the cluster cannot tell. */
  private List<String> names(Kind kind, String prefix) {
    try {
      Session s = session.get();
      String namespace = kind.namespaced() ? s.namespace() : "";
      List<String> names = new ArrayList<>();
      for (Message m : s.resource(kind).list(new ListOptions(namespace, "", "")).items()) {
        names.add(prefix + ApiObjects.meta(m).getName());
      }
      return sorted(names);
    } catch (RuntimeException e) {
      return List.of(); // completion never fails loudly: no server, no names
    }
  }

  private static List<String> sorted(List<String> names) {
    return List.copyOf(new TreeSet<>(names));
  }
}
