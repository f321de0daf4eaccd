package io.kava.kubectl.cli;

import io.kava.kubectl.edit.MetadataMapEdit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(name = "annotate", mixinStandardHelpOptions = true,
    description = "Update the annotations of objects: KEY=VALUE adds (--overwrite to change a value), KEY- removes.")
final class AnnotateCommand implements Callable<Integer> {
  @ParentCommand
  RootCommand root;

  @Mixin
  MapEditFlags flags;

  @Override
  public Integer call() {
    return flags.run(root, MetadataMapEdit.Field.ANNOTATIONS);
  }
}
