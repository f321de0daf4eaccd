package io.kava.apiserver.audit;

/** Where audit events go, as upstream's audit.Backend; process must not throw. */
public interface AuditBackend extends AutoCloseable {
  void process(AuditEvent event);

  /** Writes what is still held and releases the file. */
  @Override
  void close();
}
