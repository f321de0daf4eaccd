package io.kava.kubectl;

import io.kava.api.v1.StatusCause;
import io.kava.client.ApiException;
import io.kava.client.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/** Turns an {@link ApiException} into the one line kubectl would print for it. */
public final class ServerErrors {
  private static final String MODIFIED =
      "the object has been modified; please apply your changes to the latest version and try again";

  private ServerErrors() {}

  /**
   * @param kind the kind the call was about, or null
   * @param name the object's name, or null
   */
  public static String line(ApiException e, String server, Kind kind, String name) {
    String message = oneLine(e.getMessage());
    if (e.isUnavailable() && (message.startsWith("the API server is unreachable") || e.status().getReason().isEmpty())) {
      return "error: cannot reach the API server at " + server + ": " + unreachableReason(server, message);
    }
    String reason = e.reason().isEmpty() ? "" : " (" + e.reason() + ")";
    String what = kind != null && name != null ? kind.qualifiedResource() + " \"" + name + "\"" : null;
    if (e.isNotFound() && what != null) {
      return "Error from server (NotFound): " + what + " not found";
    }
    if (e.isAlreadyExists() && what != null) {
      return "Error from server (AlreadyExists): " + what + " already exists";
    }
    if (e.isConflict() && what != null && !message.contains("Operation cannot be fulfilled")
        && (message.isEmpty() || message.contains("modified") || message.contains("resourceVersion")
            || message.contains("resource version"))) {
      return "Error from server (Conflict): Operation cannot be fulfilled on " + what + ": " + MODIFIED;
    }
    if (e.reason().equals("Invalid")) {
      return invalid(e, message, kind, name);
    }
    return "Error from server" + reason + ": " + message;
  }

  /** kubectl's shape: `The Deployment "x" is invalid: spec.replicas: Invalid value: -1: must be ...`. */
  private static String invalid(ApiException e, String message, Kind kind, String name) {
    if (message.startsWith("The ") || e.causes().isEmpty()) {
      return message.isEmpty() ? "Error from server (Invalid): the object is invalid" : message;
    }
    List<String> causes = e.causes().stream().map(ServerErrors::cause).toList();
    String joined = causes.size() == 1 ? causes.get(0) : "[" + String.join(", ", causes) + "]";
    String subject = kind == null ? "object" : kind.kind();
    return "The " + subject + " \"" + (name == null ? e.status().getName() : name) + "\" is invalid: " + joined;
  }

  private static String cause(StatusCause c) {
    String m = oneLine(c.getMessage());
    return c.getField().isEmpty() || m.startsWith(c.getField()) ? m : c.getField() + ": " + m;
  }

  /** Asks the socket why: gRPC only says "io exception". */
  static String unreachableReason(String server, String fallback) {
    int colon = server.lastIndexOf(':');
    if (colon <= 0) {
      return fallback;
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(server.substring(0, colon), Integer.parseInt(server.substring(colon + 1))), 2000);
      return fallback.replaceFirst("^the API server is unreachable: ", "");
    } catch (ConnectException ce) {
      return "connection refused";
    } catch (SocketTimeoutException te) {
      return "connection timed out";
    } catch (UnknownHostException uh) {
      return "no such host";
    } catch (IOException | IllegalArgumentException other) {
      return String.valueOf(other.getMessage()).toLowerCase(Locale.ROOT);
    }
  }

  public static String oneLine(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
