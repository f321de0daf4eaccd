package io.kava.kubectl.print;

import com.google.protobuf.Message;
import java.time.Instant;
import java.util.List;

/** The columns `kavactl get` shows for one kind; the first cell of a row is the name. */
public interface KindTable {
  List<String> headers(boolean wide);

  List<String> row(Message object, boolean wide, Instant now);
}
