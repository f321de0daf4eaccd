package io.kava.scheduler.framework;

/** A score plugin and how much its 0..100 counts in the node's total. */
public record WeightedScorer(ScorePlugin plugin, int weight) {}
