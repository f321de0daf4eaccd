package io.kava.kubectl.apply;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.kava.api.meta.v1.IntOrString;
import io.kava.client.patch.MergeKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * kubectl apply's three-way merge, on protobuf messages. For every field:
 * <ul>
 *   <li>set in the manifest: the manifest's value wins (messages merge field by field, so defaults the
 *       server filled in below them survive);</li>
 *   <li>not in the manifest but in the last applied manifest: the user removed it, so it is cleared;</li>
 *   <li>in neither: kept as the server has it (defaults, allocations, other writers' fields).</li>
 * </ul>
 * Maps merge key by key the same way. Lists of objects merge element by element on upstream's merge key
 * ({@link MergeKeys}, shared with strategic merge patch), other lists by position;
 * lists of scalars are replaced.
 */
public final class ThreeWayMerge {
  private ThreeWayMerge() {}

  /**
   * @param current the object as stored
   * @param desired the manifest
   * @param lastApplied the manifest applied before, or null if unknown (then nothing is removed)
   */
  public static Message merge(Message current, Message desired, Message lastApplied) {
    Message.Builder result = current.toBuilder();
    for (FieldDescriptor f : current.getDescriptorForType().getFields()) {
      boolean inDesired = isSet(desired, f);
      boolean inLast = lastApplied != null && isSet(lastApplied, f);
      if (inDesired) {
        result.clearField(f);
        if (f.isMapField()) {
          mergeMap(current, desired, inLast ? lastApplied : null, f).forEach(e -> result.addRepeatedField(f, e));
        } else if (f.isRepeated()) {
          mergeList(current, desired, inLast ? lastApplied : null, f).forEach(e -> result.addRepeatedField(f, e));
        } else if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !isAtomic(f.getMessageType())) {
          Message cur = current.hasField(f) ? (Message) current.getField(f) : (Message) desired.getField(f);
          result.setField(f, merge(cur, (Message) desired.getField(f), inLast ? (Message) lastApplied.getField(f) : null));
        } else {
          result.setField(f, desired.getField(f));
        }
      } else if (inLast) {
        result.clearField(f);
      }
    }
    return result.build();
  }

  private static boolean isAtomic(Descriptor type) {
    return type.getFullName().equals(IntOrString.getDescriptor().getFullName());
  }

  static boolean isSet(Message m, FieldDescriptor f) {
    if (f.isRepeated()) {
      return m.getRepeatedFieldCount(f) > 0;
    }
    if (f.hasPresence()) {
      return m.hasField(f);
    }
    return !Objects.equals(m.getField(f), f.getDefaultValue());
  }

  private static List<Message> mergeMap(Message current, Message desired, Message last, FieldDescriptor f) {
    Map<Object, Message> entries = new LinkedHashMap<>();
    FieldDescriptor key = f.getMessageType().findFieldByNumber(1);
    entries(current, f).forEach(e -> entries.put(e.getField(key), e));
    if (last != null) {
      entries(last, f).forEach(e -> entries.remove(e.getField(key)));
    }
    entries(desired, f).forEach(e -> entries.put(e.getField(key), e));
    return new ArrayList<>(entries.values());
  }

  private static List<Object> mergeList(Message current, Message desired, Message last, FieldDescriptor f) {
    List<Object> want = values(desired, f);
    if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE || isAtomic(f.getMessageType())) {
      return want;
    }
    FieldDescriptor key = MergeKeys.of(f).map(MergeKeys.Strategy::key).orElse(null);
    List<Object> have = values(current, f);
    List<Object> had = last == null ? List.of() : values(last, f);
    List<Object> merged = new ArrayList<>();
    if (key == null) {
      for (int i = 0; i < want.size(); i++) {
        Message w = (Message) want.get(i);
        merged.add(i < have.size() ? merge((Message) have.get(i), w, i < had.size() ? (Message) had.get(i) : null) : w);
      }
      return merged;
    }
    for (Object w : want) {
      Object k = ((Message) w).getField(key);
      Message cur = find(have, key, k);
      merged.add(cur == null ? w : merge(cur, (Message) w, find(had, key, k)));
    }
    for (Object h : have) {
      Object k = ((Message) h).getField(key);
      if (find(want, key, k) == null && find(had, key, k) == null) {
        merged.add(h); // added by someone else: not ours to remove
      }
    }
    return merged;
  }

  private static Message find(List<Object> elements, FieldDescriptor key, Object value) {
    for (Object e : elements) {
      if (((Message) e).getField(key).equals(value)) {
        return (Message) e;
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static List<Message> entries(Message m, FieldDescriptor f) {
    return (List<Message>) m.getField(f);
  }

  @SuppressWarnings("unchecked")
  private static List<Object> values(Message m, FieldDescriptor f) {
    return (List<Object>) m.getField(f);
  }
}
