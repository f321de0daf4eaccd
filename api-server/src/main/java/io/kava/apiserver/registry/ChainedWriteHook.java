package io.kava.apiserver.registry;

import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * Several hooks of one kind run as one, in order, each seeing the object the one before returned (the
 * admission plugins, then the kind's own allocations). When one refuses, what the earlier ones took is
 * given back.
 */
public final class ChainedWriteHook implements WriteHook {
  private final List<WriteHook> hooks;

  private ChainedWriteHook(List<WriteHook> hooks) {
    this.hooks = List.copyOf(hooks);
  }

  /** One hook for all, or the only one itself. */
  public static WriteHook of(List<WriteHook> hooks) {
    return hooks.size() == 1 ? hooks.get(0) : new ChainedWriteHook(hooks);
  }

  @Override
  public Pending beginCreate(Message object, boolean dryRun) {
    return begin(object, (hook, current) -> hook.beginCreate(current, dryRun));
  }

  @Override
  public Pending beginUpdate(Message object, Message old, boolean dryRun) {
    return begin(object, (hook, current) -> hook.beginUpdate(current, old, dryRun));
  }

  @Override
  public void afterDelete(Message deleted) {
    hooks.forEach(h -> h.afterDelete(deleted));
  }

  private interface Step {
    Pending run(WriteHook hook, Message current);
  }

  private Pending begin(Message object, Step step) {
    List<Pending> taken = new ArrayList<>();
    Message current = object;
    try {
      for (WriteHook hook : hooks) {
        Pending p = step.run(hook, current);
        taken.add(p);
        current = p.object();
      }
    } catch (RuntimeException e) {
      revert(taken);
      throw e;
    }
    Message result = current;
    return new Pending() {
      @Override
      public Message object() {
        return result;
      }

      @Override
      public void commit() {
        taken.forEach(Pending::commit);
      }

      @Override
      public void revert() {
        ChainedWriteHook.revert(taken);
      }
    };
  }

  private static void revert(List<Pending> taken) {
    for (int i = taken.size() - 1; i >= 0; i--) {
      taken.get(i).revert();
    }
  }
}
