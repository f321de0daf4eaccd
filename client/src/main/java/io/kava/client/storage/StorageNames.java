package io.kava.client.storage;

/** The storage literals the API server, controllers, scheduler, kubelet and kavactl share (upstream's names). */
public final class StorageNames {
  public static final String PVC_PROTECTION_FINALIZER = "kubernetes.io/pvc-protection";
  public static final String PV_PROTECTION_FINALIZER = "kubernetes.io/pv-protection";
  public static final String DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";
  /** Set by the binder on a PV it bound, and on the claim it bound. */
  public static final String BOUND_BY_CONTROLLER_ANNOTATION = "pv.kubernetes.io/bound-by-controller";
  public static final String BIND_COMPLETED_ANNOTATION = "pv.kubernetes.io/bind-completed";
  /** The provisioner that made a PV (a dynamically provisioned one is deleted with Delete). */
  public static final String PROVISIONED_BY_ANNOTATION = "pv.kubernetes.io/provisioned-by";
  /** On a claim: the provisioner asked to make its volume. */
  public static final String STORAGE_PROVISIONER_ANNOTATION = "volume.kubernetes.io/storage-provisioner";
  /** On a WaitForFirstConsumer claim: the node the scheduler chose for its first pod. */
  public static final String SELECTED_NODE_ANNOTATION = "volume.kubernetes.io/selected-node";
  public static final String HOSTNAME_LABEL = "kubernetes.io/hostname";

  public static final String STANDARD_CLASS = "standard";
  public static final String LOCAL_PATH_PROVISIONER = "kava.io/local-path";

  public static final String FILESYSTEM = "Filesystem";
  public static final String RETAIN = "Retain";
  public static final String DELETE = "Delete";
  public static final String IMMEDIATE = "Immediate";
  public static final String WAIT_FOR_FIRST_CONSUMER = "WaitForFirstConsumer";

  public static final String CLAIM_PENDING = "Pending";
  public static final String CLAIM_BOUND = "Bound";
  public static final String CLAIM_LOST = "Lost";
  public static final String VOLUME_PENDING = "Pending";
  public static final String VOLUME_AVAILABLE = "Available";
  public static final String VOLUME_BOUND = "Bound";
  public static final String VOLUME_RELEASED = "Released";
  public static final String VOLUME_FAILED = "Failed";

  private StorageNames() {}
}
