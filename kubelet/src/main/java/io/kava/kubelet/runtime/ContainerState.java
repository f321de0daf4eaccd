package io.kava.kubelet.runtime;

/** The lifecycle states the kubelet distinguishes (Docker's created/running/paused/restarting/exited/dead). */
public enum ContainerState {
  CREATED,
  RUNNING,
  EXITED,
  UNKNOWN;

  /** Maps Docker's state string. */
  public static ContainerState fromDocker(String state) {
    if (state == null) {
      return UNKNOWN;
    }
    return switch (state) {
      case "created" -> CREATED;
      case "running", "paused", "restarting" -> RUNNING;
      case "exited", "dead" -> EXITED;
      default -> UNKNOWN;
    };
  }
}
