package io.kava.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerAddressTest {
  private static Env env(Map<String, String> variables, Path home) {
    PrintStream sink = new PrintStream(new java.io.ByteArrayOutputStream());
    return new Env(variables, home, new ByteArrayInputStream(new byte[0]), sink, sink, Clock.systemUTC(), t -> null);
  }

  @Test
  void aListOfServersKeepsItsOrderFromFlagEnvAndConfig(@TempDir Path home) throws Exception {
    assertThat(ServerAddress.resolve("http://127.0.0.1:6443/, 127.0.0.1:6444", env(Map.of(), home)))
        .isEqualTo("127.0.0.1:6443,127.0.0.1:6444");
    assertThat(ServerAddress.resolve(null, env(Map.of("KAVA_API_SERVER", "a:1,b:2"), home))).isEqualTo("a:1,b:2");
    Path config = home.resolve("config");
    Files.writeString(config, "server: \"127.0.0.1:7001,127.0.0.1:7002\"\n");
    assertThat(ServerAddress.resolve(null, env(Map.of("KAVA_CONFIG", config.toString()), home)))
        .isEqualTo("127.0.0.1:7001,127.0.0.1:7002");
  }
}
