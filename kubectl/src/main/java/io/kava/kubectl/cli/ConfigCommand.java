package io.kava.kubectl.cli;

import io.kava.kubectl.config.ConfigVerbs;
import io.kava.kubectl.config.KubeConfig.Context;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** `kavactl config ...`: reads and edits the config file (clusters, contexts, current context), as kubectl config. */
@Command(name = "config", mixinStandardHelpOptions = true,
    description = "Modify the config file (--kubeconfig, else $KAVA_CONFIG, else ~/.kava/config)",
    subcommands = {ConfigCommand.View.class, ConfigCommand.CurrentContext.class, ConfigCommand.GetContexts.class,
        ConfigCommand.GetClusters.class, ConfigCommand.UseContext.class, ConfigCommand.SetContext.class,
        ConfigCommand.SetCluster.class, ConfigCommand.DeleteContext.class, ConfigCommand.DeleteCluster.class,
        ConfigCommand.RenameContext.class})
final class ConfigCommand implements Runnable {
  @ParentCommand
  RootCommand root;

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  ConfigVerbs verbs() {
    return new ConfigVerbs(root.configFile(), root.env().out());
  }

  /** A config verb on one NAME. */
  abstract static class NamedVerb implements Runnable {
    @ParentCommand
    ConfigCommand config;

    @Parameters(paramLabel = "NAME")
    String name;
  }

  @Command(name = "view", mixinStandardHelpOptions = true, description = "Display the merged config")
  static final class View implements Runnable {
    @ParentCommand
    ConfigCommand config;

    @Option(names = "--minify", description = "Only the current context, its cluster and user")
    boolean minify;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "yaml (default) or json")
    String output;

    @Override
    public void run() {
      config.verbs().view(minify, output);
    }
  }

  @Command(name = "current-context", mixinStandardHelpOptions = true, description = "Display the current context")
  static final class CurrentContext implements Runnable {
    @ParentCommand
    ConfigCommand config;

    @Override
    public void run() {
      config.verbs().currentContext();
    }
  }

  @Command(name = "get-contexts", mixinStandardHelpOptions = true, description = "Describe one or many contexts")
  static final class GetContexts implements Callable<Integer> {
    @ParentCommand
    ConfigCommand config;

    @Parameters(paramLabel = "NAME", arity = "0..*")
    List<String> names = List.of();

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "name: only the names")
    String output;

    @Override
    public Integer call() {
      if (output != null && !output.equals("name")) {
        throw io.kava.kubectl.CliException.error("output must be one of '' or 'name'");
      }
      return config.verbs().getContexts(names, "name".equals(output));
    }
  }

  @Command(name = "get-clusters", mixinStandardHelpOptions = true, description = "Display the clusters of the config")
  static final class GetClusters implements Runnable {
    @ParentCommand
    ConfigCommand config;

    @Override
    public void run() {
      config.verbs().getClusters();
    }
  }

  @Command(name = "use-context", aliases = "use", mixinStandardHelpOptions = true,
      description = "Set the current context")
  static final class UseContext extends NamedVerb {
    @Override
    public void run() {
      config.verbs().useContext(name);
    }
  }

  @Command(name = "set-context", mixinStandardHelpOptions = true,
      description = "Create or change a context: set-context [NAME | --current] [--namespace N] [--cluster C] [--user U]")
  static final class SetContext implements Runnable {
    @ParentCommand
    ConfigCommand config;

    @Parameters(paramLabel = "NAME", arity = "0..1")
    String name;

    @Option(names = "--current", description = "Change the current context")
    boolean current;

    @Option(names = "--cluster", paramLabel = "CLUSTER", description = "The context's cluster")
    String cluster;

    @Option(names = "--user", paramLabel = "USER", description = "The context's user")
    String user;

    @Override
    public void run() {
      // --namespace (-n) is the root's inherited option: here it is the context's default namespace
      config.verbs().setContext(name, current, new Context(cluster, config.root.namespace, user));
    }
  }

  @Command(name = "set-cluster", mixinStandardHelpOptions = true,
      description = "Create or change a cluster: set-cluster NAME --server HOST:PORT")
  static final class SetCluster implements Runnable {
    @ParentCommand
    ConfigCommand config;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public void run() {
      // --server is the root's inherited option: here it is the cluster's address
      config.verbs().setCluster(name, config.root.server);
    }
  }

  @Command(name = "delete-context", mixinStandardHelpOptions = true, description = "Delete a context from the config")
  static final class DeleteContext extends NamedVerb {
    @Override
    public void run() {
      config.verbs().deleteContext(name);
    }
  }

  @Command(name = "delete-cluster", mixinStandardHelpOptions = true, description = "Delete a cluster from the config")
  static final class DeleteCluster extends NamedVerb {
    @Override
    public void run() {
      config.verbs().deleteCluster(name);
    }
  }

  @Command(name = "rename-context", mixinStandardHelpOptions = true, description = "Rename a context")
  static final class RenameContext implements Runnable {
    @ParentCommand
    ConfigCommand config;

    @Parameters(index = "0", paramLabel = "OLD")
    String from;

    @Parameters(index = "1", paramLabel = "NEW")
    String to;

    @Override
    public void run() {
      config.verbs().renameContext(from, to);
    }
  }
}
