package io.kava.apiserver.admission.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.kava.apiserver.admission.eventratelimit.EventRateLimitConfig;
import io.kava.apiserver.admission.eventratelimit.Limit;
import io.kava.apiserver.admission.eventratelimit.LimitType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AdmissionConfiguration deploy/cluster.sh writes for up.sh and install.sh (its admission_config
 * function, run on its own) is one this API server accepts, with the limits docs/security.md names.
 */
class DeployAdmissionConfigTest {
  @TempDir
  Path state;

  @Test
  void theFileUpShWritesParsesToOneServerLimit() throws IOException, InterruptedException {
    Path script = Path.of("..", "deploy", "cluster.sh").toAbsolutePath().normalize();
    assertThat(script).exists();
    ProcessBuilder builder = new ProcessBuilder("bash", "-c",
        "set -e; eval \"$(sed -n '/^admission_config() {/,/^}/p' \"$1\")\"; admission_config", "bash", script.toString())
        .redirectErrorStream(true);
    builder.environment().put("STATE_DIR", state.toString());
    Process bash = builder.start();
    assertThat(bash.waitFor(10, TimeUnit.SECONDS)).isTrue();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.exitValue()).as(out).isZero();
    Path file = Path.of(out.trim());

    EventRateLimitConfig config = AdmissionConfigurationFile.load(file).get("EventRateLimit").read(EventRateLimitConfig::parse);

    assertThat(config.limits()).containsExactly(new Limit(LimitType.SERVER, 50, 100, 0));
    assertThat(file).startsWith(state);
  }
}
