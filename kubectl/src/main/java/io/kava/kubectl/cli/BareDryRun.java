package io.kava.kubectl.cli;

import io.kava.kubectl.generate.DryRun;
import java.util.Map;
import java.util.Stack;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Reads `--dry-run` as kubectl's flag library does: a value only when attached with `=`, so in
 * `expose --dry-run deployment x` the word `deployment` stays a resource argument.
 */
final class BareDryRun implements IParameterPreprocessor {
  @Override
  public boolean preprocess(Stack<String> args, CommandSpec commandSpec, ArgSpec argSpec, Map<String, Object> info) {
    if (" ".equals(info.get("separator"))) {
      args.push(DryRun.BARE);
    }
    return false;
  }
}
