package io.kava.kubelet.probe;

/** One probe run: success, or failure with upstream-style output ("HTTP probe failed with statuscode: 500"). */
public record ProbeResult(boolean success, String message) {
  public static ProbeResult ok() {
    return new ProbeResult(true, "");
  }

  public static ProbeResult failed(String message) {
    return new ProbeResult(false, message);
  }
}
