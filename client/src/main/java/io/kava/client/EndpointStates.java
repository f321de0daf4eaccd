package io.kava.client;

import io.kava.api.discovery.v1.EndpointConditions;

/**
 * How an EndpointSlice endpoint's conditions read, as upstream's: `ready` and `serving` are pointers
 * there, and an unset one means true ("unknown" is taken as ready); an unset `terminating` is false.
 */
public final class EndpointStates {
  private EndpointStates() {}

  public static boolean ready(EndpointConditions c) {
    return !c.hasReady() || c.getReady();
  }

  public static boolean serving(EndpointConditions c) {
    return !c.hasServing() || c.getServing();
  }

  public static boolean terminating(EndpointConditions c) {
    return c.hasTerminating() && c.getTerminating();
  }
}
