package io.kava.kubectl.streams;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.kava.api.kubelet.v1.StreamInput;
import io.kava.api.kubelet.v1.StreamOutput;
import io.kava.api.kubelet.v1.StreamStart;
import io.kava.api.kubelet.v1.TerminalSize;
import io.kava.api.v1.ApiGrpc;
import io.kava.client.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;

/**
 * One exec or attach through the API server: sends the start, pumps stdin (waiting while the stream is
 * not ready, so a fast pipe never fills memory), writes stdout and stderr as they come, and returns the
 * exit code. This is the class {@code kavactl exec}, {@code attach} and {@code run -it} use:
 *
 * <pre>{@code
 * int code = StdioCall.attach(channel).run(start, System.in, System.out, System.err, terminal);
 * }</pre>
 */
public final class StdioCall {
  /** What a tty session reports as the exit code of a session that ended without one (detached attach). */
  public static final int NO_EXIT_CODE = -1;

  private final Channel channel;
  private final boolean attach;

  private StdioCall(Channel channel, boolean attach) {
    this.channel = channel;
    this.attach = attach;
  }

  public static StdioCall exec(Channel channel) {
    return new StdioCall(channel, false);
  }

  public static StdioCall attach(Channel channel) {
    return new StdioCall(channel, true);
  }

  /**
   * Runs the session to its end. stdin may be null (not attached); terminal may be null (no tty, or a
   * caller without a real terminal). Throws {@link ApiException} for a server refusal.
   */
  public int run(StreamStart start, InputStream stdin, OutputStream stdout, OutputStream stderr, Terminal terminal)
      throws InterruptedException {
    Observer observer = new Observer(stdout, stderr);
    var stub = ApiGrpc.newStub(channel);
    if (attach) {
      stub.podAttach(observer);
    } else {
      stub.podExec(observer);
    }
    ClientCallStreamObserver<StreamInput> call = observer.call;
    StreamStart.Builder first = start.toBuilder().setStdin(stdin != null).setStdout(true).setStderr(!start.getTty());
    if (terminal != null) {
      first.setSize(terminal.size());
      terminal.onResize(size -> observer.send(StreamInput.newBuilder().setResize(size).build()));
    }
    observer.send(StreamInput.newBuilder().setStart(first).build());
    Thread pump = null;
    if (stdin != null) {
      pump = new Thread(() -> pumpStdin(stdin, observer), "kavactl-stdin");
      pump.setDaemon(true);
      pump.start();
    } else if (terminal == null) {
      observer.halfClose();
    }
    try {
      observer.done.await();
    } catch (InterruptedException e) {
      call.cancel("interrupted", null);
      throw e;
    }
    if (observer.error != null) {
      Status s = Status.fromThrowable(observer.error);
      if (observer.error instanceof StatusRuntimeException sre) {
        throw ApiException.from(sre);
      }
      throw ApiException.from(s.asRuntimeException());
    }
    return observer.exitCode;
  }

  private static void pumpStdin(InputStream stdin, Observer observer) {
    byte[] buffer = new byte[32 * 1024];
    try {
      int n;
      while ((n = stdin.read(buffer)) >= 0) {
        if (n > 0 && !observer.send(StreamInput.newBuilder().setStdin(ByteString.copyFrom(buffer, 0, n)).build())) {
          return;
        }
      }
      observer.send(StreamInput.newBuilder().setCloseStdin(true).build());
    } catch (IOException e) {
      observer.send(StreamInput.newBuilder().setCloseStdin(true).build());
    }
  }

  private static final class Observer implements ClientResponseObserver<StreamInput, StreamOutput> {
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final CountDownLatch done = new CountDownLatch(1);
    private ClientCallStreamObserver<StreamInput> call;
    private volatile int exitCode = NO_EXIT_CODE;
    private volatile Throwable error;
    private final ReadySender<StreamInput> sender = new ReadySender<>();

    Observer(OutputStream stdout, OutputStream stderr) {
      this.stdout = stdout;
      this.stderr = stderr;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<StreamInput> requestStream) {
      this.call = requestStream;
      sender.attach(requestStream);
    }

    boolean send(StreamInput input) {
      return sender.send(input);
    }

    void halfClose() {
      sender.halfClose();
    }

    @Override
    public void onNext(StreamOutput output) {
      try {
        switch (output.getOutputCase()) {
          case STDOUT -> write(stdout, output.getStdout());
          case STDERR -> write(stderr, output.getStderr());
          case EXIT_CODE -> exitCode = output.getExitCode();
          default -> { }
        }
      } catch (IOException e) {
        call.cancel("the output could not be written", e);
      }
    }

    private static void write(OutputStream out, ByteString data) throws IOException {
      data.writeTo(out);
      out.flush();
    }

    @Override
    public void onError(Throwable t) {
      error = t;
      finish();
    }

    @Override
    public void onCompleted() {
      finish();
    }

    private void finish() {
      sender.finish();
      done.countDown();
    }
  }

  /** The size of a terminal of this many columns and rows. */
  public static TerminalSize size(int width, int height) {
    return TerminalSize.newBuilder().setWidth(width).setHeight(height).build();
  }
}
