package io.kava.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line flags CIS reads (docs/cis.md). */
class SchedulerMainTest {
  @Test
  void profilingDefaultsToUpstreamsTrueAndTakesFalse() {
    SchedulerMain defaults = new SchedulerMain();
    new CommandLine(defaults).parseArgs();
    assertThat(defaults.profiling.profiling).isTrue();
    SchedulerMain given = new SchedulerMain();
    new CommandLine(given).parseArgs("--profiling=false");
    assertThat(given.profiling.profiling).isFalse();
    assertThatThrownBy(() -> new CommandLine(new SchedulerMain()).parseArgs("--profiling=maybe"))
        .hasMessageContaining("--profiling");
  }
}
