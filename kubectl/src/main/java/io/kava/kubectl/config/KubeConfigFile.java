package io.kava.kubectl.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kava.client.codec.Manifests;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Env;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Where the config file is, and reading and writing it: --kubeconfig, else env KUBECONFIG (its first
 * file, as kubectl reads the first of a list), else env KAVA_CONFIG, else ~/.kube/config when it
 * exists, else ~/.kava/config.
 */
public final class KubeConfigFile {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private KubeConfigFile() {}

  public static Path locate(String flag, Env env) {
    if (flag != null && !flag.isBlank()) {
      return Path.of(flag.strip());
    }
    String kubeconfig = env.variable("KUBECONFIG");
    if (kubeconfig != null) {
      return Path.of(kubeconfig.split(":")[0]);
    }
    String fromEnv = env.variable("KAVA_CONFIG");
    if (fromEnv != null) {
      return Path.of(fromEnv);
    }
    Path kube = env.home().resolve(".kube").resolve("config");
    return Files.isRegularFile(kube) ? kube : env.home().resolve(".kava").resolve("config");
  }

  /** The config in the file, or an empty one if there is no file. */
  public static KubeConfig read(Path file) {
    if (!Files.isRegularFile(file)) {
      return KubeConfig.empty();
    }
    try {
      String text = Files.readString(file);
      if (text.isBlank()) {
        return KubeConfig.empty();
      }
      JsonNode node = YAML.readTree(text);
      if (node != null && !node.isObject() && !node.isMissingNode() && !node.isNull()) {
        throw CliException.error("error loading config file \"" + file + "\": not a mapping of keys to values");
      }
      return KubeConfig.of(node);
    } catch (IOException e) {
      throw CliException.error("error loading config file \"" + file + "\": "
          + io.kava.kubectl.ServerErrors.oneLine(e.getMessage()));
    }
  }

  /** Writes the whole file at once (a temporary file moved into place), creating its folder. */
  public static void write(Path file, KubeConfig config) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, ".config", ".tmp");
      Files.writeString(tmp, Manifests.writeYaml(config.upgraded().tree()));
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw CliException.error("cannot write " + file + ": " + e.getMessage());
    }
  }
}
