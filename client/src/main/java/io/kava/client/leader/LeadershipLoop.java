package io.kava.client.leader;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a leader-elected component alive across lost leadership. Upstream's scheduler and controller
 * manager exit when they lose their Lease and rely on a supervisor to start them again; Kava's local
 * cluster has no supervisor, so the process itself starts a fresh term (new caches, new campaign)
 * until it is asked to shut down. An API server outage longer than the renew deadline therefore
 * pauses the component instead of ending it.
 */
public final class LeadershipLoop {
  private static final Logger log = LoggerFactory.getLogger(LeadershipLoop.class);

  /** One term of the component: run() blocks until leadership is lost or close() is called. */
  public interface Term extends AutoCloseable {
    void run() throws Exception;

    @Override
    void close();
  }

  private LeadershipLoop() {}

  public static void run(String component, Supplier<Term> newTerm) throws Exception {
    AtomicBoolean shutdown = new AtomicBoolean();
    AtomicReference<Term> current = new AtomicReference<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      shutdown.set(true);
      Term term = current.get();
      if (term != null) {
        term.close();
      }
    }));
    while (!shutdown.get()) {
      try (Term term = newTerm.get()) {
        current.set(term);
        if (shutdown.get()) {
          break;
        }
        term.run();
      }
      if (!shutdown.get()) {
        log.info("{} stopped leading; starting a new term with fresh caches", component);
      }
    }
  }
}
