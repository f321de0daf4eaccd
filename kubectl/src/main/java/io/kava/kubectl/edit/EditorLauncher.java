package io.kava.kubectl.edit;

import io.kava.kubectl.CliException;
import io.kava.kubectl.Env;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Opens a file in the user's editor as kubectl does: $KUBE_EDITOR, else $EDITOR, else vi; an editor
 * with arguments ("code --wait") runs through the shell. The editor owns the terminal until it exits.
 */
public final class EditorLauncher {
  private final Env env;

  public EditorLauncher(Env env) {
    this.env = env;
  }

  public String editor() {
    String editor = env.variable("KUBE_EDITOR");
    if (editor == null) {
      editor = env.variable("EDITOR");
    }
    return editor == null ? "vi" : editor;
  }

  public void open(Path file) {
    String editor = editor();
    List<String> command = editor.contains(" ") ? List.of("sh", "-c", editor + " \"$0\"", file.toString())
        : List.of(editor, file.toString());
    ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
    pb.environment().putAll(env.variables());
    try {
      int code = pb.start().waitFor();
      if (code != 0) {
        throw CliException.error("there was a problem with the editor \"" + editor + "\"");
      }
    } catch (IOException e) {
      throw CliException.error("unable to launch the editor \"" + editor + "\"");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.error("the editor \"" + editor + "\" was interrupted");
    }
  }
}
