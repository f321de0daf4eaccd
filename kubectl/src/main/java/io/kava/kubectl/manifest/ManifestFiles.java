package io.kava.kubectl.manifest;

import io.kava.kubectl.CliException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads what `-f` names: a file, a folder (its *.yaml, *.yml and *.json files, sorted by name, not
 * recursive) or `-` for standard input.
 */
public final class ManifestFiles {
  private ManifestFiles() {}

  public static List<ManifestSource> read(List<String> paths, InputStream stdin) {
    List<ManifestSource> sources = new ArrayList<>();
    for (String p : paths) {
      if (p.equals("-")) {
        sources.add(new ManifestSource("STDIN", readStdin(stdin)));
        continue;
      }
      if (p.startsWith("http://") || p.startsWith("https://")) {
        throw CliException.error("reading manifests from URLs is not supported: " + p);
      }
      Path path = Path.of(p);
      if (Files.isDirectory(path)) {
        for (Path file : manifestFilesIn(path)) {
          sources.add(new ManifestSource(file.toString(), readFile(file)));
        }
      } else if (Files.exists(path)) {
        sources.add(new ManifestSource(p, readFile(path)));
      } else {
        throw CliException.error("the path \"" + p + "\" does not exist");
      }
    }
    return sources;
  }

  private static List<Path> manifestFilesIn(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).filter(ManifestFiles::isManifest).sorted().toList();
    } catch (IOException e) {
      throw CliException.error("cannot read the folder \"" + dir + "\": " + e.getMessage());
    }
  }

  private static boolean isManifest(Path file) {
    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
  }

  private static String readFile(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw CliException.error("cannot read \"" + file + "\": " + e.getMessage());
    }
  }

  private static String readStdin(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw CliException.error("cannot read standard input: " + e.getMessage());
    }
  }
}
