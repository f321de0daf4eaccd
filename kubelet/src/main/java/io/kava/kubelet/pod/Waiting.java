package io.kava.kubelet.pod;

/**
 * Why a container is not running right now, as the pod worker found out while trying (ErrImagePull,
 * ImagePullBackOff, CrashLoopBackOff, CreateContainerError, ...). Docker cannot tell these; the status
 * shows them in state.waiting.
 */
public record Waiting(String reason, String message) {
  public static final String CONTAINER_CREATING = "ContainerCreating";
  public static final String POD_INITIALIZING = "PodInitializing";
  public static final String CRASH_LOOP_BACK_OFF = "CrashLoopBackOff";
  public static final String ERR_IMAGE_PULL = "ErrImagePull";
  public static final String IMAGE_PULL_BACK_OFF = "ImagePullBackOff";
  public static final String ERR_IMAGE_NEVER_PULL = "ErrImageNeverPull";
  public static final String CREATE_CONTAINER_ERROR = "CreateContainerError";
  public static final String RUN_CONTAINER_ERROR = "RunContainerError";
  public static final String POST_START_HOOK_ERROR = "PostStartHookError";
}
