package io.kava.scheduler.framework;

/** The outcome of one scheduling attempt: a node, or why there is none. */
public sealed interface ScheduleResult {
  record Assigned(String nodeName, int feasibleNodes) implements ScheduleResult {}

  record Unschedulable(FitError error) implements ScheduleResult {}
}
