package io.kava.scheduler.framework;

/** The resources the scheduler accounts for: CPU in millicores and memory in bytes. */
public record Resources(long milliCpu, long memory) {
  public static final Resources ZERO = new Resources(0, 0);

  public Resources plus(Resources other) {
    return new Resources(milliCpu + other.milliCpu, memory + other.memory);
  }

  public Resources max(Resources other) {
    return new Resources(Math.max(milliCpu, other.milliCpu), Math.max(memory, other.memory));
  }

  public boolean isZero() {
    return milliCpu == 0 && memory == 0;
  }
}
