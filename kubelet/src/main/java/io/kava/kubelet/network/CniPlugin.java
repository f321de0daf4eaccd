package io.kava.kubelet.network;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one CNI plugin binary as the CNI spec says: the command and the container in CNI_* variables,
 * the plugin's config on stdin, its result (or its error object) as JSON on stdout.
 */
public interface CniPlugin {
  /** Runs plugin {@code type}; returns its stdout parsed (null when it printed nothing, as DEL may). */
  JsonNode exec(String type, Map<String, String> env, JsonNode stdin) throws CniException;

  /** The binaries of binDir (upstream's --cni-bin-dir). */
  static CniPlugin binaries(Path binDir) {
    return (type, env, stdin) -> {
      Path binary = binDir.resolve(type);
      if (!Files.isExecutable(binary)) {
        throw new CniException("failed to find plugin \"" + type + "\" in path [" + binDir + "]");
      }
      ProcessBuilder builder = new ProcessBuilder(binary.toString()).redirectErrorStream(false);
      builder.environment().putAll(env);
      builder.environment().put("CNI_PATH", binDir.toString());
      try {
        Process process = builder.start();
        process.getOutputStream().write(CniConfig.JSON.writeValueAsBytes(stdin));
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new CniException("plugin " + type + " did not finish in 60 s");
        }
        JsonNode result = out.length == 0 ? null : CniConfig.JSON.readTree(out);
        if (process.exitValue() != 0) {
          throw new CniException("plugin type=\"" + type + "\" failed (" + env.get("CNI_COMMAND").toLowerCase()
              + "): " + CniException.describe(result, err));
        }
        return result;
      } catch (IOException e) {
        throw new UncheckedIOException("Failed to run CNI plugin " + binary, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CniException("interrupted while running plugin " + type);
      }
    };
  }
}
