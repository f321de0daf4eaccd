package io.kava.kubectl.completion;

import io.kava.kubectl.CliException;

/**
 * The shell scripts of `kavactl completion bash|zsh`. Both ask kavactl itself for candidates, as kubectl's
 * do: `kavactl __complete -- WORD... CURRENT` prints one candidate per line (see {@link Completer}).
 */
public final class CompletionScripts {
  private CompletionScripts() {}

  public static String of(String shell) {
    return switch (shell) {
      case "bash" -> BASH;
      case "zsh" -> ZSH;
      default -> throw CliException.error("Unsupported shell type \"" + shell + "\".");
    };
  }

  private static final String BASH = """
      # bash completion for kavactl. Load it with: source <(kavactl completion bash)
      _kavactl() {
          local cur="${COMP_WORDS[COMP_CWORD]}" candidates
          candidates=$("${COMP_WORDS[0]}" __complete -- "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) || return 0
          local IFS=$'\\n'
          COMPREPLY=($(compgen -W "$candidates" -- "$cur"))
          [[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *[=/] ]] && compopt -o nospace 2>/dev/null
          return 0
      }
      complete -o default -F _kavactl kavactl
      """;

  private static final String ZSH = """
      #compdef kavactl
      # zsh completion for kavactl. Load it with: source <(kavactl completion zsh)
      _kavactl() {
          local -a candidates
          candidates=("${(@f)$(${words[1]} __complete -- "${(@)words[2,CURRENT]}" 2>/dev/null)}")
          compadd -Q -- "${(@)candidates}"
      }
      if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
          _kavactl "$@"
      else
          compdef _kavactl kavactl
      fi
      """;
}
