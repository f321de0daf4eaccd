package io.kava.kubectl.rbac;

import io.kava.api.authentication.v1.SelfSubjectReview;
import io.kava.api.authentication.v1.UserInfo;
import io.kava.client.ApiException;
import io.kava.client.AuthenticationClient;
import io.kava.kubectl.CliException;
import io.kava.kubectl.Session;
import io.kava.kubectl.print.MessageOutput;
import io.kava.kubectl.print.TabWriter;
import java.util.List;
import java.util.TreeMap;

/** `kavactl auth whoami`, as kubectl's whoami.go: the ATTRIBUTE/VALUE table of a SelfSubjectReview, or the review. */
public final class WhoAmI {
  private final Session session;

  public WhoAmI(Session session) {
    this.session = session;
  }

  public void print(String output) {
    MessageOutput.check(output);
    SelfSubjectReview review;
    try {
      review = new AuthenticationClient(session.client()).whoAmI();
    } catch (ApiException e) {
      if (e.code() == io.grpc.Status.Code.PERMISSION_DENIED) {
        throw CliException.error("the selfsubjectreviews API is not enabled in the cluster or you do not have permission to call it");
      }
      if (e.code() == io.grpc.Status.Code.UNIMPLEMENTED) {
        throw CliException.error("the selfsubjectreviews API is not enabled in the cluster");
      }
      throw e;
    }
    if (output != null) {
      MessageOutput.print(review, output, session.out());
      return;
    }
    table(review.getStatus().getUserInfo()).flush(session.out());
  }

  static TabWriter table(UserInfo user) {
    TabWriter w = new TabWriter();
    w.add(List.of("ATTRIBUTE", "VALUE"));
    if (!user.getUsername().isEmpty()) {
      w.add(List.of("Username", user.getUsername()));
    }
    if (!user.getUid().isEmpty()) {
      w.add(List.of("UID", user.getUid()));
    }
    if (user.getGroupsCount() > 0) {
      w.add(List.of("Groups", PolicyRules.goList(user.getGroupsList())));
    }
    new TreeMap<>(user.getExtraMap()).forEach((k, v) -> w.add(List.of("Extra: " + k, PolicyRules.goList(v.getItemsList()))));
    return w;
  }
}
