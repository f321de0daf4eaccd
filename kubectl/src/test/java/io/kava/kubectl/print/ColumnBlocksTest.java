package io.kava.kubectl.print;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ColumnBlocksTest {

  @Test
  void alignsEachRunOfLinesThatShareAColumn() {
    String text = "Name:\tnginx\nNamespace:\tdefault\nContainers:\n  nginx:\n    Image:\tnginx:1.14.2\n"
        + "    Restart Count:\t0\n";

    assertThat(new ColumnBlocks(0, 2).format(text)).isEqualTo(
        "Name:       nginx\n"
      + "Namespace:  default\n"
      + "Containers:\n"
      + "  nginx:\n"
      + "    Image:          nginx:1.14.2\n"
      + "    Restart Count:  0\n");
  }

  @Test
  void nestedColumnsAlignWithinTheirOwnBlock() {
    String text = "  Type\tReason\tAge\n  ----\t------\t---\n  Normal\tScheduled\t5s\n";

    assertThat(new ColumnBlocks(0, 2).format(text)).isEqualTo(
        "  Type    Reason     Age\n"
      + "  ----    ------     ---\n"
      + "  Normal  Scheduled  5s\n");
  }

  @Test
  void textAfterTheLastTabIsNotAColumn() {
    assertThat(new ColumnBlocks(0, 2).format("a\tb\tc\nlonger\tx\n")).isEqualTo("a       b  c\nlonger  x\n");
  }
}
