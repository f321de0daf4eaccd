package io.kava.kubectl.streams;

import io.kava.api.core.v1.Pod;
import io.kava.api.kubelet.v1.PodRef;
import io.kava.api.kubelet.v1.StreamStart;
import io.kava.kubectl.Session;

/**
 * exec and attach as a user sees them: the terminal in raw mode for -it (restored afterwards), the
 * exit code passed through with kubectl's "command terminated with exit code N" line. {@code kavactl
 * run -it} calls {@code new StdioSession(session, true).run(start, true, true, false)} once its pod runs.
 */
public final class StdioSession {
  private final Session session;
  private final boolean attach;

  public StdioSession(Session session, boolean attach) {
    this.session = session;
    this.attach = attach;
  }

  /** Returns the exit code the process should exit with. */
  public int run(StreamStart start, boolean stdin, boolean tty, boolean quiet) throws InterruptedException {
    Terminal terminal = null;
    boolean useTty = tty;
    if (tty && stdin) {
      if (Terminal.available()) {
        terminal = Terminal.raw();
      } else {
        if (!quiet) {
          session.err().println("Unable to use a TTY - input is not a terminal or the right kind of file");
        }
        useTty = false;
      }
    } else if (tty && !quiet) {
      session.err().println("Unable to use a TTY - input is not a terminal or the right kind of file");
    }
    if (attach && !quiet && !tty) {
      session.err().println("If you don't see a command prompt, try pressing enter.");
    }
    int code;
    try {
      code = (attach ? StdioCall.attach(session.client().channel()) : StdioCall.exec(session.client().channel()))
          .run(start.toBuilder().setTty(useTty).build(), stdin ? session.in() : null, session.out(), session.err(),
              terminal);
    } finally {
      if (terminal != null) {
        terminal.restore();
      }
    }
    if (code > 0) {
      if (!attach) {
        session.err().println("command terminated with exit code " + code);
      }
      return code;
    }
    return 0;
  }

  public static PodRef ref(Pod pod) {
    return PodRef.newBuilder().setNamespace(pod.getMetadata().getNamespace()).setName(pod.getMetadata().getName()).build();
  }
}
