package io.kava.kubectl.streams;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayDeque;

/**
 * A bounded pipe between two threads. Unlike java.io's piped streams it does not tie either end to one
 * thread (gRPC writes from whichever executor thread delivers a message), and a writer blocks once
 * {@code capacity} bytes wait, so a fast side never fills memory.
 */
final class BytePipe {
  private final int capacity;
  private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
  private byte[] current;
  private int position;
  private int buffered;
  private boolean writeClosed;
  private boolean readClosed;

  BytePipe(int capacity) {
    this.capacity = capacity;
  }

  final OutputStream sink = new OutputStream() {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      put(java.util.Arrays.copyOfRange(b, off, off + len));
    }

    @Override
    public void close() {
      closeWrite();
    }
  };

  final InputStream source = new InputStream() {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return take(b, off, len);
    }

    @Override
    public void close() {
      closeRead();
    }
  };

  private synchronized void put(byte[] data) throws IOException {
    if (data.length == 0) {
      return;
    }
    while (!readClosed && buffered >= capacity) {
      await();
    }
    if (readClosed) {
      throw new IOException("Pipe closed");
    }
    chunks.add(data);
    buffered += data.length;
    notifyAll();
  }

  private synchronized int take(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (current == null || position >= current.length) {
      if (!chunks.isEmpty()) {
        current = chunks.poll();
        position = 0;
      } else if (writeClosed || readClosed) {
        return -1;
      } else {
        await();
      }
    }
    int n = Math.min(len, current.length - position);
    System.arraycopy(current, position, b, off, n);
    position += n;
    buffered -= n;
    notifyAll();
    return n;
  }

  private void await() throws IOException {
    try {
      wait();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException();
    }
  }

  synchronized void closeWrite() {
    writeClosed = true;
    notifyAll();
  }

  synchronized void closeRead() {
    readClosed = true;
    chunks.clear();
    notifyAll();
  }
}
