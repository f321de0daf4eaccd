package io.kava.kubectl.print;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TabWriterTest {

  @Test
  void padsEveryColumnButTheLastByThreeWithAMinimumOfSix() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    new TabWriter()
        .add(List.of("NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"))
        .add(List.of("nginx-deployment", "3/3", "3", "3", "10s"))
        .flush(out);

    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(
        "NAME               READY   UP-TO-DATE   AVAILABLE   AGE\n"
      + "nginx-deployment   3/3     3            3           10s\n");
  }

  @Test
  void rememberedWidthsKeepLaterRowsAligned() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    TabWriter w = new TabWriter();

    w.add(List.of("NAME", "AGE")).add(List.of("a-long-name", "1s")).flush(out);
    w.add(List.of("b", "2s")).flush(out);

    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(
        "NAME          AGE\n"
      + "a-long-name   1s\n"
      + "b             2s\n");
  }

  @Test
  void shortColumnsAreSixWide() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new TabWriter().add(List.of("IP", "X")).flush(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("IP    X\n");
  }
}
