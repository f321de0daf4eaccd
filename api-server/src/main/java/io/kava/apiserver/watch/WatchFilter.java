package io.kava.apiserver.watch;

import com.google.protobuf.Message;
import io.kava.client.ApiObjects;
import io.kava.client.selector.FieldSelector;
import io.kava.client.selector.Selector;

/** Which objects a watch covers: a namespace ("" for all), a label selector and a field selector. */
public record WatchFilter(String namespace, Selector labels, FieldSelector fields) {
  public boolean matches(Message object) {
    if (object == null) {
      return false;
    }
    var meta = ApiObjects.meta(object);
    return (namespace.isEmpty() || namespace.equals(meta.getNamespace()))
        && labels.matches(meta.getLabelsMap())
        && fields.matches(object);
  }
}
