package io.kava.kubectl.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kava.client.codec.Manifests;
import io.kava.kubectl.CliException;
import io.kava.kubectl.config.KubeConfig.Context;
import io.kava.kubectl.print.TabWriter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The work of `kavactl config ...` on one config file, printing kubectl's lines. */
public final class ConfigVerbs {
  private final Path file;
  private final PrintStream out;

  public ConfigVerbs(Path file, PrintStream out) {
    this.file = file;
    this.out = out;
  }

  private KubeConfig read() {
    return KubeConfigFile.read(file);
  }

  public void view(boolean minify, String output) {
    KubeConfig config = read().upgraded();
    if (minify) {
      if (config.currentContext().isEmpty()) {
        throw CliException.error("current-context must exist in order to minify");
      }
      config = config.minified();
    }
    ObjectNode tree = config.tree();
    switch (output == null || output.isEmpty() ? "yaml" : output) {
      case "yaml" -> out.print(Manifests.writeYaml(tree));
      case "json" -> out.print(Manifests.writePrettyJson(tree));
      default -> throw CliException.error("unable to match a printer suitable for the output format \"" + output
          + "\", allowed formats are: json,yaml");
    }
  }

  public void currentContext() {
    String current = read().currentContext();
    if (current.isEmpty()) {
      throw CliException.error("current-context is not set");
    }
    out.println(current);
  }

  public int getContexts(List<String> names, boolean namesOnly) {
    KubeConfig config = read().upgraded();
    List<String> shown = names.isEmpty() ? config.contextNames() : names;
    int exit = 0;
    TabWriter table = new TabWriter();
    if (!namesOnly) {
      table.add(List.of("CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"));
    }
    for (String name : shown) {
      var context = config.context(name);
      if (context.isEmpty()) {
        out.flush();
        throw CliException.error("context " + name + " not found");
      }
      if (namesOnly) {
        out.println(name);
      } else {
        Context c = context.get();
        table.add(List.of(name.equals(config.currentContext()) ? "*" : "", name, c.cluster(), c.user(), c.namespace()));
      }
    }
    if (!namesOnly) {
      table.flush(out);
    }
    return exit;
  }

  public void getClusters() {
    List<String> lines = new ArrayList<>(List.of("NAME"));
    lines.addAll(read().upgraded().clusterNames());
    lines.forEach(out::println);
  }

  public void useContext(String name) {
    KubeConfig config = read().upgraded();
    if (config.context(name).isEmpty()) {
      throw CliException.error("no context exists with the name: \"" + name + "\"");
    }
    KubeConfigFile.write(file, config.withCurrentContext(name));
    out.println("Switched to context \"" + name + "\".");
  }

  /** set-context NAME or --current, changing only the fields given. */
  public void setContext(String name, boolean current, Context changes) {
    KubeConfig config = read().upgraded();
    String target = name;
    if (current) {
      if (name != null) {
        throw CliException.error("you cannot specify both a context name and --current");
      }
      target = config.currentContext();
      if (target.isEmpty()) {
        throw CliException.error("no current context is set");
      }
    } else if (target == null || target.isBlank()) {
      throw CliException.error("you must specify a non-empty context name or --current");
    }
    boolean exists = config.context(target).isPresent();
    KubeConfigFile.write(file, config.withContext(target, changes));
    out.println("Context \"" + target + "\" " + (exists ? "modified." : "created."));
  }

  public void setCluster(String name, String server) {
    KubeConfig config = read().upgraded();
    KubeConfigFile.write(file, server == null ? config.withCluster(name, config.server(name).orElse(""))
        : config.withCluster(name, server));
    out.println("Cluster \"" + name + "\" set.");
  }

  public void deleteContext(String name) {
    KubeConfig config = read().upgraded();
    if (config.context(name).isEmpty()) {
      throw CliException.error("cannot delete context " + name + ", not in " + file);
    }
    if (config.currentContext().equals(name)) {
      out.println("warning: this removed your active context, use \"kavactl config use-context\" to select a different one");
    }
    KubeConfigFile.write(file, config.withoutContext(name));
    out.println("deleted context " + name + " from " + file);
  }

  public void deleteCluster(String name) {
    KubeConfig config = read().upgraded();
    if (!config.hasCluster(name)) {
      throw CliException.error("cannot delete cluster " + name + ", not in " + file);
    }
    KubeConfigFile.write(file, config.withoutCluster(name));
    out.println("deleted cluster " + name + " from " + file);
  }

  public void renameContext(String from, String to) {
    KubeConfig config = read().upgraded();
    if (config.context(from).isEmpty()) {
      throw CliException.error("cannot rename the context \"" + from + "\", it's not in " + file);
    }
    if (config.context(to).isPresent()) {
      throw CliException.error("cannot rename the context \"" + from + "\", the context \"" + to + "\" already exists in "
          + file);
    }
    KubeConfigFile.write(file, config.renameContext(from, to));
    out.println("Context \"" + from + "\" renamed to \"" + to + "\".");
  }
}
