package io.kava.scheduler.framework;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What plugins compute once per scheduling cycle and read back for every node, as upstream's
 * framework.CycleState: PreFilter writes (counts of matching pods per topology value), Filter reads;
 * PreScore writes, Score and normalize read. One state per pod per cycle, used by one thread.
 */
public final class CycleState {
  /** A plugin's slot; keys compare by identity, so each plugin declares its own as a constant. */
  public static final class Key<T> {
    private final String name;

    public Key(String name) {
      this.name = name;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private final Map<Key<?>, Object> values = new HashMap<>();

  public <T> void write(Key<T> key, T value) {
    values.put(key, value);
  }

  @SuppressWarnings("unchecked")
  public <T> Optional<T> read(Key<T> key) {
    return Optional.ofNullable((T) values.get(key));
  }
}
