package io.kava.apiserver.registry;

import com.google.protobuf.Message;

/**
 * Side effects of one kind's writes outside its own key, as upstream's BeginCreate/BeginUpdate
 * transactions and AfterDelete: a Service's ClusterIP and NodePorts. Runs after validation; what it
 * took is given back when the write fails.
 */
public interface WriteHook {

  /** What a write took, to keep when the object is stored or to give back when it is not. */
  interface Pending {
    /** The object to store, with what was allocated filled in. */
    Message object();

    /** The object was stored: free what it no longer uses. */
    void commit();

    /** The object was not stored: give back what was taken for it. */
    void revert();
  }

  /** Takes what a new object needs; throws an ApiError (Invalid, a field error) if it cannot. */
  Pending beginCreate(Message object, boolean dryRun);

  /** Takes what a changed object needs beyond the old one; frees what the old one held on commit. */
  Pending beginUpdate(Message object, Message old, boolean dryRun);

  /** The object's key was deleted: free what it held. */
  void afterDelete(Message deleted);

  /** A pending write that took nothing. */
  static Pending nothing(Message object) {
    return new Pending() {
      @Override
      public Message object() {
        return object;
      }

      @Override
      public void commit() {}

      @Override
      public void revert() {}
    };
  }
}
