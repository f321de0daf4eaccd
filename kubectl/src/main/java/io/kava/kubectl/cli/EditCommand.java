package io.kava.kubectl.cli;

import com.google.protobuf.Message;
import io.kava.kubectl.Session;
import io.kava.kubectl.edit.EditorLauncher;
import io.kava.kubectl.edit.Editing;
import io.kava.kubectl.edit.ObjectSelection;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "edit", mixinStandardHelpOptions = true,
    description = "Edit an object in $KUBE_EDITOR, else $EDITOR, else vi; saving the file updates the object.")
final class EditCommand implements Callable<Integer> {
  @ParentCommand
  RootCommand root;

  @Parameters(paramLabel = "KIND NAME|KIND/NAME", arity = "0..*")
  List<String> args = List.of();

  @Option(names = {"-f", "--filename"}, paramLabel = "FILE|DIR|-", description = "Edit the objects these manifests name")
  List<String> files = List.of();

  @Option(names = {"-o", "--output"}, paramLabel = "yaml|json", description = "The format to edit in (default: yaml)")
  String output;

  @Override
  public Integer call() {
    Session session = root.session();
    Editing editing = new Editing(session, new EditorLauncher(root.env()), output);
    ObjectSelection.Found found = ObjectSelection.find(session, new ObjectSelection.Request(args, files, false, null, "edit"));
    int exit = 0;
    for (Message live : found.objects()) {
      exit |= editing.edit(live);
    }
    return exit | ObjectSelection.reportMissing(session, found);
  }
}
