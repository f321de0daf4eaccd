package io.kava.controllermanager;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ControllerManagerMainTest {
  @Test
  void maxEndpointsPerSliceOutsideUpstreamsRangeIsRefusedBeforeConnecting() {
    StringWriter err = new StringWriter();
    CommandLine cmd = new CommandLine(new ControllerManagerMain()).setErr(new PrintWriter(err));

    int code = cmd.execute("--max-endpoints-per-slice", "1001");

    assertThat(code).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("--max-endpoints-per-slice: must be between 1 and 1000, got 1001");
  }

  @Test
  void helpListsTheEndpointControllersFlag() {
    StringWriter out = new StringWriter();
    new CommandLine(new ControllerManagerMain()).setOut(new PrintWriter(out)).execute("--help");

    assertThat(out.toString()).contains("--max-endpoints-per-slice").contains("endpointslice");
  }
}
