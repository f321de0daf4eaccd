package io.kava.apiserver.validation;

import io.kava.api.meta.v1.LabelSelector;
import io.kava.api.meta.v1.LabelSelectorRequirement;
import io.kava.api.meta.v1.ObjectMeta;
import io.kava.api.meta.v1.OwnerReference;
import io.kava.apiserver.errors.FieldError;
import io.kava.client.selector.LabelValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** ObjectMeta, label and selector rules shared by every kind (upstream apimachinery validation). */
public final class MetaValidation {
  public static final long TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
  private static final Set<String> STANDARD_FINALIZERS = Set.of("kubernetes", "orphan", "foregroundDeletion");

  private MetaValidation() {}

  public static List<FieldError> validateObjectMeta(ObjectMeta meta, boolean namespaced, NameRules.NameRule nameRule) {
    List<FieldError> errs = new ArrayList<>();
    String path = "metadata";
    if (meta.getName().isEmpty()) {
      errs.add(FieldError.required(path + ".name", "name or generateName is required"));
    } else {
      for (String msg : nameRule.check(meta.getName())) {
        errs.add(FieldError.invalid(path + ".name", meta.getName(), msg));
      }
    }
    if (namespaced) {
      if (meta.getNamespace().isEmpty()) {
        errs.add(FieldError.required(path + ".namespace", ""));
      } else {
        for (String msg : NameRules.label(meta.getNamespace())) {
          errs.add(FieldError.invalid(path + ".namespace", meta.getNamespace(), msg));
        }
      }
    } else if (!meta.getNamespace().isEmpty()) {
      errs.add(FieldError.forbidden(path + ".namespace", "not allowed on this type"));
    }
    if (meta.getGeneration() < 0) {
      errs.add(FieldError.invalid(path + ".generation", meta.getGeneration(), "must be greater than or equal to 0"));
    }
    errs.addAll(validateLabels(meta.getLabelsMap(), path + ".labels"));
    errs.addAll(validateAnnotations(meta.getAnnotationsMap(), path + ".annotations"));
    errs.addAll(validateOwnerReferences(meta.getOwnerReferencesList(), path + ".ownerReferences"));
    for (int i = 0; i < meta.getFinalizersCount(); i++) {
      String f = meta.getFinalizers(i);
      String p = path + ".finalizers[" + i + "]";
      List<String> msgs = LabelValidation.isQualifiedName(f);
      for (String msg : msgs) {
        errs.add(FieldError.invalid(p, f, msg));
      }
      if (msgs.isEmpty() && !f.contains("/") && !STANDARD_FINALIZERS.contains(f)) {
        errs.add(FieldError.invalid(p, f, "name is neither a standard finalizer name nor is it fully qualified"));
      }
    }
    return errs;
  }

  public static List<FieldError> validateObjectMetaUpdate(ObjectMeta meta, ObjectMeta old) {
    List<FieldError> errs = new ArrayList<>();
    if (!meta.getName().equals(old.getName())) {
      errs.add(FieldError.invalid("metadata.name", meta.getName(), "field is immutable"));
    }
    if (!meta.getNamespace().equals(old.getNamespace())) {
      errs.add(FieldError.invalid("metadata.namespace", meta.getNamespace(), "field is immutable"));
    }
    if (!meta.getUid().equals(old.getUid())) {
      errs.add(FieldError.invalid("metadata.uid", meta.getUid(), "field is immutable"));
    }
    if (!old.getDeletionTimestamp().isEmpty()) {
      List<String> added = new ArrayList<>();
      for (String f : meta.getFinalizersList()) {
        if (!old.getFinalizersList().contains(f)) {
          added.add(f);
        }
      }
      if (!added.isEmpty()) {
        errs.add(FieldError.forbidden("metadata.finalizers",
            "no new finalizers can be added if the object is being deleted, found new finalizers " + FieldErrorFormat.list(added)));
      }
    }
    return errs;
  }

  public static List<FieldError> validateLabels(Map<String, String> labels, String path) {
    List<FieldError> errs = new ArrayList<>();
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(labels).entrySet()) {
      for (String msg : LabelValidation.isQualifiedName(e.getKey())) {
        errs.add(FieldError.invalid(path, e.getKey(), msg));
      }
      for (String msg : LabelValidation.isValidLabelValue(e.getValue())) {
        errs.add(FieldError.invalid(path, e.getValue(), msg));
      }
    }
    return errs;
  }

  public static List<FieldError> validateAnnotations(Map<String, String> annotations, String path) {
    List<FieldError> errs = new ArrayList<>();
    long total = 0;
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(annotations).entrySet()) {
      for (String msg : LabelValidation.isQualifiedName(e.getKey().toLowerCase(Locale.ROOT))) {
        errs.add(FieldError.invalid(path, e.getKey(), msg));
      }
      total += e.getKey().length() + e.getValue().length();
    }
    if (total > TOTAL_ANNOTATION_SIZE_LIMIT) {
      errs.add(FieldError.tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
    }
    return errs;
  }

  private static List<FieldError> validateOwnerReferences(List<OwnerReference> refs, String path) {
    List<FieldError> errs = new ArrayList<>();
    int controllers = 0;
    for (int i = 0; i < refs.size(); i++) {
      OwnerReference r = refs.get(i);
      String p = path + "[" + i + "]";
      if (r.getApiVersion().isEmpty()) {
        errs.add(FieldError.invalid(p + ".apiVersion", r.getApiVersion(), "version must not be empty"));
      }
      if (r.getKind().isEmpty()) {
        errs.add(FieldError.invalid(p + ".kind", r.getKind(), "kind must not be empty"));
      }
      if (r.getName().isEmpty()) {
        errs.add(FieldError.invalid(p + ".name", r.getName(), "name must not be empty"));
      }
      if (r.getUid().isEmpty()) {
        errs.add(FieldError.invalid(p + ".uid", r.getUid(), "uid must not be empty"));
      }
      if (r.hasController() && r.getController()) {
        controllers++;
      }
    }
    if (controllers > 1) {
      errs.add(FieldError.invalid(path, refs.size() + " references", "Only one reference can have Controller set to true"));
    }
    return errs;
  }

  /** A LabelSelector's matchLabels and matchExpressions (upstream ValidateLabelSelector). */
  public static List<FieldError> validateLabelSelector(LabelSelector selector, String path) {
    List<FieldError> errs = new ArrayList<>(validateLabels(selector.getMatchLabelsMap(), path + ".matchLabels"));
    for (int i = 0; i < selector.getMatchExpressionsCount(); i++) {
      LabelSelectorRequirement r = selector.getMatchExpressions(i);
      String p = path + ".matchExpressions[" + i + "]";
      if (!setOperatorValues(r.getOperator(), r.getValuesCount(), p + ".values", errs)) {
        errs.add(FieldError.invalid(p + ".operator", r.getOperator(), "not a valid selector operator"));
      }
      for (String msg : LabelValidation.isQualifiedName(r.getKey())) {
        errs.add(FieldError.invalid(p + ".key", r.getKey(), msg));
      }
      for (int j = 0; j < r.getValuesCount(); j++) {
        for (String msg : LabelValidation.isValidLabelValue(r.getValues(j))) {
          errs.add(FieldError.invalid(p + ".values[" + j + "]", r.getValues(j), msg));
        }
      }
    }
    return errs;
  }

  /**
   * In and NotIn need values, Exists and DoesNotExist take none (label and node selectors alike); false
   * for any other operator, which the caller judges.
   */
  static boolean setOperatorValues(String operator, int values, String valuesPath, List<FieldError> errs) {
    switch (operator) {
      case "In", "NotIn" -> {
        if (values == 0) {
          errs.add(FieldError.required(valuesPath, "must be specified when `operator` is 'In' or 'NotIn'"));
        }
        return true;
      }
      case "Exists", "DoesNotExist" -> {
        if (values > 0) {
          errs.add(FieldError.forbidden(valuesPath, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        }
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  public static void nonNegative(List<FieldError> errs, String path, long value) {
    if (value < 0) {
      errs.add(FieldError.invalid(path, value, "must be greater than or equal to 0"));
    }
  }

  public static void positive(List<FieldError> errs, String path, long value) {
    if (value <= 0) {
      errs.add(FieldError.invalid(path, value, "must be greater than 0"));
    }
  }
}
