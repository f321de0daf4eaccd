package io.kava.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line: defaults, parsing and help. */
class MainTest {
  @Test
  void parsesOptionsWithUnits() {
    Main main = new Main();
    new CommandLine(main).parseArgs("--listen", "127.0.0.1:7443", "--etcd-servers", "http://127.0.0.1:1,http://127.0.0.1:2",
        "--bookmark-interval", "500ms", "--etcd-compaction-interval", "0s");
    assertThat(Main.address(main.listen).getPort()).isEqualTo(7443);
    assertThat(Main.urls(main.etcdServers)).containsExactly(URI.create("http://127.0.0.1:1"), URI.create("http://127.0.0.1:2"));
    assertThat(main.bookmarkInterval).isEqualTo(Duration.ofMillis(500));
    assertThat(main.compactionInterval).isZero();
  }

  @Test
  void hasDefaults() {
    Main main = new Main();
    new CommandLine(main).parseArgs();
    assertThat(main.listen).isEqualTo("127.0.0.1:6443");
    assertThat(main.etcdServers).isNotEmpty();
    assertThat(main.etcdRequestTimeout).isEqualTo(Duration.ofSeconds(5));
    assertThat(main.compactionInterval).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void refusesBadValuesWithOneLine() {
    StringWriter err = new StringWriter();
    int code = new CommandLine(new Main()).setErr(new PrintWriter(err)).execute("--bookmark-interval", "ten");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("'ten' is not a duration such as 10s");
    assertThatThrownBy(() -> Main.address("nohost")).hasMessageContaining("is not host:port");
  }

  @Test
  void helpShowsDefaults() {
    StringWriter out = new StringWriter();
    new CommandLine(new Main()).setOut(new PrintWriter(out)).execute("--help");
    assertThat(out.toString()).contains("--etcd-servers").contains("Default: 127.0.0.1:6443").contains("KAVA_ETCD_SERVERS");
  }
}
