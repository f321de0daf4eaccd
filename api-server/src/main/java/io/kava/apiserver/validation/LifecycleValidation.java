package io.kava.apiserver.validation;

import io.kava.api.core.v1.HTTPGetAction;
import io.kava.api.core.v1.Lifecycle;
import io.kava.api.core.v1.LifecycleHandler;
import io.kava.apiserver.errors.FieldError;
import java.util.List;

/** Upstream's validateLifecycle and validateHandler for postStart and preStop: exactly one action each. */
final class LifecycleValidation {
  private LifecycleValidation() {}

  static void lifecycle(Lifecycle lifecycle, Long gracePeriod, String path, List<FieldError> errs) {
    if (lifecycle.hasPostStart()) {
      handler(lifecycle.getPostStart(), gracePeriod, path + ".postStart", errs);
    }
    if (lifecycle.hasPreStop()) {
      handler(lifecycle.getPreStop(), gracePeriod, path + ".preStop", errs);
    }
  }

  private static void handler(LifecycleHandler h, Long gracePeriod, String path, List<FieldError> errs) {
    int handlers = 0;
    if (h.hasExec()) {
      handlers = count(handlers, path + ".exec", errs);
      if (h.getExec().getCommandCount() == 0) {
        errs.add(FieldError.required(path + ".exec.command", ""));
      }
    }
    if (h.hasHttpGet()) {
      handlers = count(handlers, path + ".httpGet", errs);
      HTTPGetAction http = h.getHttpGet();
      if (http.getPath().isEmpty()) {
        errs.add(FieldError.required(path + ".httpGet.path", ""));
      }
      PodValidation.port(errs, path + ".httpGet.port", http.getPort());
      PodValidation.oneOf(errs, path + ".httpGet.scheme", http.getScheme(), List.of("HTTP", "HTTPS"));
    }
    if (h.hasTcpSocket()) {
      handlers = count(handlers, path + ".tcpSocket", errs);
      PodValidation.port(errs, path + ".tcpSocket.port", h.getTcpSocket().getPort());
    }
    if (h.hasSleep()) {
      handlers = count(handlers, path + ".sleep", errs);
      long seconds = h.getSleep().getSeconds();
      if (gracePeriod != null && (seconds <= 0 || seconds > gracePeriod)) {
        errs.add(FieldError.invalid(path + ".sleep", seconds,
            "must be greater than 0 and less than terminationGracePeriodSeconds (" + gracePeriod + ")"));
      }
    }
    if (handlers == 0) {
      errs.add(FieldError.required(path, "must specify a handler type"));
    }
  }

  /** Upstream reports every action after the first as forbidden, under its own path. */
  private static int count(int handlers, String path, List<FieldError> errs) {
    if (handlers > 0) {
      errs.add(FieldError.forbidden(path, "may not specify more than 1 handler type"));
    }
    return handlers + 1;
  }
}
