package io.kava.testcontainers;

import java.time.Duration;
import java.time.Instant;
import org.testcontainers.containers.ContainerLaunchException;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;

/**
 * Waits for the entrypoint's ready line, and gives up as soon as the container has exited (up.sh failed)
 * with the end of its log, instead of waiting out the whole timeout as a log-message strategy does.
 */
final class ReadyLogOrExit extends AbstractWaitStrategy {
  private static final Duration POLL = Duration.ofMillis(500);
  private final String line;

  ReadyLogOrExit(String line) {
    this.line = line;
  }

  @Override
  protected void waitUntilReady() {
    Instant deadline = Instant.now().plus(startupTimeout);
    while (true) {
      String logs = waitStrategyTarget.getLogs();
      if (logs.contains(line)) {
        return;
      }
      if (!waitStrategyTarget.isRunning()) {
        throw new ContainerLaunchException("The Kava container exited before its node was Ready; its log ends with:\n" + tail(logs));
      }
      if (Instant.now().isAfter(deadline)) {
        throw new ContainerLaunchException("The Kava node was not Ready after " + startupTimeout.toSeconds() + "s; the log ends with:\n" + tail(logs));
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ContainerLaunchException("Interrupted while waiting for the Kava node");
      }
    }
  }

  private static String tail(String logs) {
    String[] lines = logs.split("\n");
    int from = Math.max(0, lines.length - 20);
    return String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
  }
}
