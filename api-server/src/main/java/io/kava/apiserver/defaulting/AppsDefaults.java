package io.kava.apiserver.defaulting;

import io.kava.api.apps.v1.DaemonSet;
import io.kava.api.apps.v1.DaemonSetSpec;
import io.kava.api.apps.v1.DaemonSetUpdateStrategy;
import io.kava.api.apps.v1.RollingUpdateDaemonSet;
import io.kava.api.apps.v1.RollingUpdateStatefulSetStrategy;
import io.kava.api.apps.v1.StatefulSet;
import io.kava.api.apps.v1.StatefulSetPersistentVolumeClaimRetentionPolicy;
import io.kava.api.apps.v1.StatefulSetSpec;
import io.kava.api.apps.v1.StatefulSetUpdateStrategy;
import io.kava.api.core.v1.PersistentVolumeClaim;
import io.kava.api.meta.v1.IntOrString;

/** Upstream's apps/v1 SetDefaults_StatefulSet and SetDefaults_DaemonSet. */
public final class AppsDefaults {
  public static final String ROLLING_UPDATE = "RollingUpdate";
  public static final String ORDERED_READY = "OrderedReady";
  public static final String RETAIN = "Retain";

  private AppsDefaults() {}

  public static StatefulSet statefulSet(StatefulSet set) {
    StatefulSetSpec.Builder s = set.getSpec().toBuilder();
    if (s.getPodManagementPolicy().isEmpty()) {
      s.setPodManagementPolicy(ORDERED_READY);
    }
    StatefulSetUpdateStrategy.Builder strategy = s.getUpdateStrategy().toBuilder();
    if (strategy.getType().isEmpty()) {
      strategy.setType(ROLLING_UPDATE);
    }
    if (strategy.getType().equals(ROLLING_UPDATE)) {
      RollingUpdateStatefulSetStrategy.Builder ru = strategy.getRollingUpdate().toBuilder();
      if (!ru.hasPartition()) {
        ru.setPartition(0);
      }
      strategy.setRollingUpdate(ru);
    }
    s.setUpdateStrategy(strategy);
    if (!s.hasReplicas()) {
      s.setReplicas(1);
    }
    if (!s.hasRevisionHistoryLimit()) {
      s.setRevisionHistoryLimit(10);
    }
    StatefulSetPersistentVolumeClaimRetentionPolicy.Builder retention =
        s.getPersistentVolumeClaimRetentionPolicy().toBuilder();
    if (retention.getWhenDeleted().isEmpty()) {
      retention.setWhenDeleted(RETAIN);
    }
    if (retention.getWhenScaled().isEmpty()) {
      retention.setWhenScaled(RETAIN);
    }
    s.setPersistentVolumeClaimRetentionPolicy(retention);
    for (int i = 0; i < s.getVolumeClaimTemplatesCount(); i++) {
      PersistentVolumeClaim claim = s.getVolumeClaimTemplates(i);
      if (!claim.getSpec().hasVolumeMode()) {
        s.setVolumeClaimTemplates(i, claim.toBuilder().setSpec(claim.getSpec().toBuilder().setVolumeMode("Filesystem")));
      }
    }
    if (s.hasTemplate()) {
      s.setTemplate(Defaults.template(s.getTemplate(), true));
    }
    return set.toBuilder().setSpec(s).build();
  }

  public static DaemonSet daemonSet(DaemonSet ds) {
    DaemonSetSpec.Builder s = ds.getSpec().toBuilder();
    DaemonSetUpdateStrategy.Builder strategy = s.getUpdateStrategy().toBuilder();
    if (strategy.getType().isEmpty()) {
      strategy.setType(ROLLING_UPDATE);
    }
    if (strategy.getType().equals(ROLLING_UPDATE)) {
      RollingUpdateDaemonSet.Builder ru = strategy.getRollingUpdate().toBuilder();
      if (ru.getMaxUnavailable().getValueCase() == IntOrString.ValueCase.VALUE_NOT_SET) {
        ru.setMaxUnavailable(IntOrString.newBuilder().setIntVal(1));
      }
      if (ru.getMaxSurge().getValueCase() == IntOrString.ValueCase.VALUE_NOT_SET) {
        ru.setMaxSurge(IntOrString.newBuilder().setIntVal(0));
      }
      strategy.setRollingUpdate(ru);
    }
    s.setUpdateStrategy(strategy);
    if (!s.hasRevisionHistoryLimit()) {
      s.setRevisionHistoryLimit(10);
    }
    if (s.hasTemplate()) {
      s.setTemplate(Defaults.template(s.getTemplate(), true));
    }
    return ds.toBuilder().setSpec(s).build();
  }
}
