package io.kava.controllermanager;

import java.time.Duration;

/** Everything the controller manager is started with, independent of how it was parsed. */
public record ControllerManagerConfig(
    String server,
    boolean leaderElect,
    String identity,
    int workers,
    Duration resyncPeriod) {}
