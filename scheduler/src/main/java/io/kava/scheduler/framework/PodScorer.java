package io.kava.scheduler.framework;

/** One score plugin's raw score for one pod, prepared by {@link ScorePlugin#preScore}: thread-safe. */
@FunctionalInterface
public interface PodScorer {
  long score(NodeInfo nodeInfo);
}
