package io.kava.kubectl;

import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/** `kavactl`: the thin entry point; everything else is in {@link Kavactl}. */
public final class KavactlMain {
  private KavactlMain() {}

  public static void main(String[] args) {
    // gRPC logs through java.util.logging; a CLI prints only its own lines
    LogManager.getLogManager().reset();
    Logger.getLogger("").setLevel(Level.OFF);
    System.exit(Kavactl.run(args, Env.system()));
  }
}
