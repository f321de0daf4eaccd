package io.kava.kubectl.edit;

import com.google.protobuf.Message;
import io.kava.api.v1.StatusCause;
import io.kava.client.ApiException;
import io.kava.client.ApiObjects;
import io.kava.client.Kind;
import io.kava.client.Kinds;
import io.kava.client.codec.ManifestException;
import io.kava.client.codec.Manifests;
import io.kava.kubectl.CliException;
import io.kava.kubectl.ServerErrors;
import io.kava.kubectl.Session;
import io.kava.kubectl.resource.ObjectNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * `kavactl edit`: the object's YAML under kubectl's header goes to the editor; an unchanged or empty file
 * cancels; a result that does not parse or that the server refuses as invalid is opened again with the
 * errors as comments on top; the save is an update with the resourceVersion that was edited, so a write in
 * between gives a conflict instead of being overwritten.
 */
public final class Editing {
  static final String HEADER = """
      # Please edit the object below. Lines beginning with a '#' will be ignored,
      # and an empty file will abort the edit. If an error occurs while saving this file will be
      # reopened with the relevant failures.
      #
      """;

  private final Session session;
  private final EditorLauncher editor;
  private final String format;

  public Editing(Session session, EditorLauncher editor, String format) {
    this.session = session;
    this.editor = editor;
    this.format = format == null || format.isEmpty() ? "yaml" : format;
    if (!List.of("yaml", "json").contains(this.format)) {
      throw CliException.error("the edit mode must be yaml or json, not \"" + format + "\"");
    }
  }

  public int edit(Message live) {
    Kind kind = Kinds.of(live);
    String name = ApiObjects.meta(live).getName();
    String original = render(live);
    Path file = tempFile(kind, name);
    String errors = "";
    String body = original;
    String previousAttempt = null;
    try {
      while (true) {
        write(file, HEADER + errors + body);
        editor.open(file);
        String edited = withoutComments(read(file));
        if (edited.isBlank() || edited.strip().equals(original.strip())) {
          // As kubectl: a cancelled edit leaves no temporary file behind.
          Files.deleteIfExists(file);
          session.err().println("Edit cancelled, no changes made.");
          return 0;
        }
        if (previousAttempt != null && edited.strip().equals(previousAttempt.strip())) {
          // the same invalid content saved twice: kubectl stops rather than loop forever
          session.err().println("error: Edit cancelled, no valid changes were saved.");
          return keep(file, edited);
        }
        Message object;
        try {
          object = Manifests.parseOne(edited, file.toString());
        } catch (ManifestException e) {
          errors = comment(List.of("error: " + e.getMessage()));
          body = edited;
          previousAttempt = edited;
          continue;
        }
        if (!Kinds.of(object).equals(kind) || !ApiObjects.meta(object).getName().equals(name)) {
          errors = comment(List.of("error: At least one of apiVersion, kind and name was changed"));
          body = edited;
          previousAttempt = edited;
          continue;
        }
        try {
          session.resource(kind).update(object);
        } catch (ApiException e) {
          if (e.reason().equals("Invalid")) {
            errors = invalid(kind, name, e);
            body = edited;
            previousAttempt = edited;
            continue;
          }
          session.err().println("error: " + kind.qualifiedResource() + " \"" + name + "\" could not be patched: "
              + ServerErrors.oneLine(e.getMessage()));
          return keep(file, edited);
        }
        session.out().println(ObjectNames.slashed(kind, name) + " edited");
        Files.deleteIfExists(file);
        return 0;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private int keep(Path file, String edited) {
    write(file, edited);
    session.err().println("You can run `kavactl replace -f " + file + "` to try this update again.");
    return 1;
  }

  private String render(Message live) {
    return format.equals("json") ? Manifests.toJson(live) : Manifests.toYaml(live);
  }

  /** kubectl's block: `# deployments.apps "x" was not valid:` and one `# * field: message` per cause. */
  static String invalid(Kind kind, String name, ApiException e) {
    List<String> lines = new ArrayList<>();
    lines.add(kind.qualifiedResource() + " \"" + name + "\" was not valid:");
    if (e.causes().isEmpty()) {
      lines.add("* " + ServerErrors.oneLine(e.getMessage()));
    }
    for (StatusCause c : e.causes()) {
      lines.add("* " + (c.getField().isEmpty() || c.getMessage().startsWith(c.getField()) ? c.getMessage()
          : c.getField() + ": " + c.getMessage()));
    }
    return comment(lines);
  }

  static String comment(List<String> lines) {
    return lines.stream().flatMap(l -> l.lines()).map(l -> "# " + l).collect(Collectors.joining("\n", "", "\n#\n"));
  }

  static String withoutComments(String text) {
    return text.lines().filter(l -> !l.startsWith("#")).collect(Collectors.joining("\n", "", "\n"));
  }

  private Path tempFile(Kind kind, String name) {
    try {
      return Files.createTempFile("kavactl-edit-", "." + format);
    } catch (IOException e) {
      throw CliException.error("unable to create a temporary file for " + ObjectNames.slashed(kind, name));
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
