package io.kava.kubectl.cli;

import io.kava.kubectl.completion.Completer;
import io.kava.kubectl.completion.CompletionScripts;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "completion", mixinStandardHelpOptions = true,
    description = "Print a shell completion script: source <(kavactl completion bash), or zsh")
final class CompletionCommand implements Runnable {
  @ParentCommand
  RootCommand root;

  @Parameters(paramLabel = "SHELL", description = "bash or zsh")
  String shell;

  @Override
  public void run() {
    root.env().out().print(CompletionScripts.of(shell));
  }

  /** `kavactl __complete -- WORDS...`: the candidates for the last word, one per line (the scripts call it). */
  @Command(name = "__complete", hidden = true)
  static final class Complete implements Runnable {
    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*")
    List<String> words = List.of();

    @Override
    public void run() {
      Completer completer = new Completer(spec.root(), () -> new io.kava.kubectl.Session(root.env(), sessionFor(words)),
          root.configFile());
      completer.complete(words).forEach(root.env().out()::println);
    }

    /** The server and namespace the partial line names (-n, --context, --server, --kubeconfig), else the defaults. */
    private io.kava.kubectl.config.Connection sessionFor(List<String> words) {
      String namespace = value(words, "-n", "--namespace");
      String context = value(words, "--context", null);
      String server = value(words, "--server", null);
      String kubeconfig = value(words, "--kubeconfig", null);
      return io.kava.kubectl.config.Connection.resolve(root.env(), server, namespace, kubeconfig, context);
    }

    private static String value(List<String> words, String shortName, String longName) {
      for (int i = 0; i < words.size() - 1; i++) {
        String w = words.get(i);
        for (String name : new String[] {shortName, longName}) {
          if (name == null) {
            continue;
          }
          if (w.equals(name) && i + 1 < words.size() - 1) {
            return words.get(i + 1);
          }
          if (w.startsWith(name + "=")) {
            return w.substring(name.length() + 1);
          }
        }
      }
      return null;
    }
  }
}
