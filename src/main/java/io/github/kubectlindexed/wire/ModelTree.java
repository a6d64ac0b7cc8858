package io.github.kubectlindexed.wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapProjection;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeSource;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ProjectedVolumeSource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicy;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicy;
import io.fabric8.kubernetes.api.model.batch.v1.SuccessPolicyRule;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fabric8 objects {@code create} prints, as the tree Jackson would make of them ({@code valueToTree}), without
 * Jackson: building Jackson's serializers for the model classes costs more than the rest of a client dry run. The
 * tree holds {@link Map}s (in Jackson's property order), {@link List}s, {@link String}s, {@link Number}s,
 * {@link Boolean}s, {@code null}, and leaf {@link JsonNode}s (numbers and booleans from the fallback).
 *
 * <p>The classes that {@code manifest.Manifests} builds are written by hand here, property by property, in the order
 * and with the inclusion rules (non-null; non-empty for lists and maps) of their Jackson annotations; any other
 * class, and an object with additional properties, goes through Jackson, so the tree is always Jackson's.
 * {@code ModelTreeTest} checks every hand-written class against Jackson with every property set.
 */
public final class ModelTree {
  private ModelTree() {}

  /** The tree of {@code value}. Maps of strings (ConfigMap data) are kept as they are, not copied. */
  public static Object of(Object value) {
    if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      return map(map);
    }
    if (value instanceof Collection<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object v : list) {
        out.add(of(v));
      }
      return out;
    }
    if (value instanceof ObjectMeta o) {
      return objectMeta(o);
    }
    if (value instanceof Container o) {
      return container(o);
    }
    if (value instanceof EnvVar o) {
      return envVar(o);
    }
    if (value instanceof EnvVarSource o) {
      return envVarSource(o);
    }
    if (value instanceof ObjectFieldSelector o) {
      return objectFieldSelector(o);
    }
    if (value instanceof VolumeMount o) {
      return volumeMount(o);
    }
    if (value instanceof Volume o) {
      return volume(o);
    }
    if (value instanceof Quantity q) {
      return quantity(q);
    }
    if (value instanceof Job o) {
      return job(o);
    }
    if (value instanceof ConfigMap o) {
      return configMap(o);
    }
    if (value instanceof JobSpec o) {
      return jobSpec(o);
    }
    if (value instanceof PodTemplateSpec o) {
      return podTemplateSpec(o);
    }
    if (value instanceof PodSpec o) {
      return podSpec(o);
    }
    if (value instanceof ResourceRequirements o) {
      return resourceRequirements(o);
    }
    if (value instanceof EmptyDirVolumeSource o) {
      return emptyDirVolumeSource(o);
    }
    if (value instanceof DownwardAPIVolumeSource o) {
      return downwardAPIVolumeSource(o);
    }
    if (value instanceof DownwardAPIVolumeFile o) {
      return downwardAPIVolumeFile(o);
    }
    if (value instanceof ProjectedVolumeSource o) {
      return projectedVolumeSource(o);
    }
    if (value instanceof VolumeProjection o) {
      return volumeProjection(o);
    }
    if (value instanceof ConfigMapProjection o) {
      return configMapProjection(o);
    }
    if (value instanceof PodFailurePolicy o) {
      return podFailurePolicy(o);
    }
    if (value instanceof PodFailurePolicyRule o) {
      return podFailurePolicyRule(o);
    }
    if (value instanceof PodFailurePolicyOnExitCodesRequirement o) {
      return podFailurePolicyOnExitCodesRequirement(o);
    }
    if (value instanceof SuccessPolicy o) {
      return successPolicy(o);
    }
    if (value instanceof SuccessPolicyRule o) {
      return successPolicyRule(o);
    }
    return fallback(value);
  }

  private static Object map(Map<?, ?> map) {
    boolean plain = true;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      Object v = e.getValue();
      if (!(e.getKey() instanceof String) || !(v == null || v instanceof String)) {
        plain = false;
        break;
      }
    }
    if (plain) {
      return map;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String)) {
        return fallback(map);
      }
      out.put((String) e.getKey(), of(e.getValue()));
    }
    return out;
  }

  /** fabric8's Quantity serializer: amount then format, as one string. */
  private static Object quantity(Quantity q) {
    StringBuilder sb = new StringBuilder();
    if (q.getAmount() != null) {
      sb.append(q.getAmount());
    }
    if (q.getFormat() != null) {
      sb.append(q.getFormat());
    }
    return sb.toString();
  }

  /** Jackson's tree of an object this class does not know (built on first use only). */
  static Object fallback(Object value) {
    return fromNode(Jackson.MAPPER.valueToTree(value));
  }

  private static Object fromNode(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isObject()) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.put(e.getKey(), fromNode(e.getValue()));
      }
      return out;
    }
    if (node.isArray()) {
      List<Object> out = new ArrayList<>(node.size());
      for (JsonNode v : node) {
        out.add(fromNode(v));
      }
      return out;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    return node; // a number or a boolean, written as Jackson writes it
  }

  private static final class Jackson {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private static boolean hasExtra(Map<String, Object> additionalProperties) {
    return additionalProperties != null && !additionalProperties.isEmpty();
  }

  private static void put(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, of(value));
    }
  }

  private static void putNonEmpty(Map<String, Object> m, String key, Object value) {
    if (value instanceof Map<?, ?> map && map.isEmpty() || value instanceof Collection<?> c && c.isEmpty()) {
      return;
    }
    put(m, key, value);
  }

  // --- the classes manifest.Manifests builds, in Jackson's property order ---------------------------------------

  private static Object configMap(ConfigMap o) {
    if (hasExtra(o.getAdditionalProperties())) {
      return fallback(o);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "apiVersion", o.getApiVersion());
    put(m, "kind", o.getKind());
    put(m, "metadata", o.getMetadata());
    putNonEmpty(m, "binaryData", o.getBinaryData());
    putNonEmpty(m, "data", o.getData());
    put(m, "immutable", o.getImmutable());
    return m;
  }

  private static Object job(Job o) {
    if (hasExtra(o.getAdditionalProperties())) {
      return fallback(o);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "apiVersion", o.getApiVersion());
    put(m, "kind", o.getKind());
    put(m, "metadata", o.getMetadata());
    put(m, "spec", o.getSpec());
    put(m, "status", o.getStatus());
    return m;
  }

  private static Object objectMeta(ObjectMeta o) {
    if (hasExtra(o.getAdditionalProperties())) {
      return fallback(o);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    putNonEmpty(m, "annotations", o.getAnnotations());
    put(m, "creationTimestamp", o.getCreationTimestamp());
    put(m, "deletionGracePeriodSeconds", o.getDeletionGracePeriodSeconds());
    put(m, "deletionTimestamp", o.getDeletionTimestamp());
    putNonEmpty(m, "finalizers", o.getFinalizers());
    put(m, "generateName", o.getGenerateName());
    put(m, "generation", o.getGeneration());
    putNonEmpty(m, "labels", o.getLabels());
    putNonEmpty(m, "managedFields", o.getManagedFields());
    put(m, "name", o.getName());
    put(m, "namespace", o.getNamespace());
    putNonEmpty(m, "ownerReferences", o.getOwnerReferences());
    put(m, "resourceVersion", o.getResourceVersion());
    put(m, "selfLink", o.getSelfLink());
    put(m, "uid", o.getUid());
    return m;
  }

  private static Object jobSpec(JobSpec o) {
    if (hasExtra(o.getAdditionalProperties())) {
      return fallback(o);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "activeDeadlineSeconds", o.getActiveDeadlineSeconds());
    put(m, "backoffLimit", o.getBackoffLimit());
    put(m, "backoffLimitPerIndex", o.getBackoffLimitPerIndex());
    put(m, "completionMode", o.getCompletionMode());
    put(m, "completions", o.getCompletions());
    put(m, "managedBy", o.getManagedBy());
    put(m, "manualSelector", o.getManualSelector());
    put(m, "maxFailedIndexes", o.getMaxFailedIndexes());
    put(m, "parallelism", o.getParallelism());
    put(m, "podFailurePolicy", o.getPodFailurePolicy());
    put(m, "podReplacementPolicy", o.getPodReplacementPolicy());
    put(m, "selector", o.getSelector());
    put(m, "successPolicy", o.getSuccessPolicy());
    put(m, "suspend", o.getSuspend());
    put(m, "template", o.getTemplate());
    put(m, "ttlSecondsAfterFinished", o.getTtlSecondsAfterFinished());
    return m;
  }

  private static Object podFailurePolicy(PodFailurePolicy o) {
    if (hasExtra(o.getAdditionalProperties())) {
      return fallback(o);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    putNonEmpty(m, "rules", o.getRules());
    return m;
  }

  private static Object podFailurePolicyRule(PodFailurePolicyRule o) {
    if (hasExtra(o.getAdditionalProperties())) {
      return fallback(o);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "action", o.getAction());
    put(m, "onExitCodes", o.getOnExitCodes());
    putNonEmpty(m, "onPodConditions", o.getOnPodConditions());
    return m;
  }

  private static Object podFailurePolicyOnExitCodesRequirement(PodFailurePolicyOnExitCodesRequirement o) {
    if (hasExtra(o.getAdditionalProperties())) {
      return fallback(o);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "containerName", o.getContainerName());
    put(m, "operator", o.getOperator());
    putNonEmpty(m, "values", o.getValues());
    return m;
  }

  private static Object successPolicy(SuccessPolicy o) {
    if (hasExtra(o.getAdditionalProperties())) {
      return fallback(o);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    putNonEmpty(m, "rules", o.getRules());
    return m;
  }

  private static Object successPolicyRule(SuccessPolicyRule o) {
    if (hasExtra(o.getAdditionalProperties())) {
      return fallback(o);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "succeededCount", o.getSucceededCount());
    put(m, "succeededIndexes", o.getSucceededIndexes());
    return m;
  }

  private static Object podTemplateSpec(PodTemplateSpec o) {
    if (hasExtra(o.getAdditionalProperties())) {
      return fallback(o);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "metadata", o.getMetadata());
    put(m, "spec", o.getSpec());
    return m;
  }

  private static Object podSpec(PodSpec o) {
    if (hasExtra(o.getAdditionalProperties())) {
      return fallback(o);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "activeDeadlineSeconds", o.getActiveDeadlineSeconds());
    put(m, "affinity", o.getAffinity());
    put(m, "automountServiceAccountToken", o.getAutomountServiceAccountToken());
    putNonEmpty(m, "containers", o.getContainers());
    put(m, "dnsConfig", o.getDnsConfig());
    put(m, "dnsPolicy", o.getDnsPolicy());
    put(m, "enableServiceLinks", o.getEnableServiceLinks());
    putNonEmpty(m, "ephemeralContainers", o.getEphemeralContainers());
    putNonEmpty(m, "hostAliases", o.getHostAliases());
    put(m, "hostIPC", o.getHostIPC());
    put(m, "hostNetwork", o.getHostNetwork());
    put(m, "hostPID", o.getHostPID());
    put(m, "hostUsers", o.getHostUsers());
    put(m, "hostname", o.getHostname());
    put(m, "hostnameOverride", o.getHostnameOverride());
    putNonEmpty(m, "imagePullSecrets", o.getImagePullSecrets());
    putNonEmpty(m, "initContainers", o.getInitContainers());
    put(m, "nodeName", o.getNodeName());
    putNonEmpty(m, "nodeSelector", o.getNodeSelector());
    put(m, "os", o.getOs());
    putNonEmpty(m, "overhead", o.getOverhead());
    put(m, "preemptionPolicy", o.getPreemptionPolicy());
    put(m, "priority", o.getPriority());
    put(m, "priorityClassName", o.getPriorityClassName());
    putNonEmpty(m, "readinessGates", o.getReadinessGates());
    putNonEmpty(m, "resourceClaims", o.getResourceClaims());
    put(m, "resources", o.getResources());
    put(m, "restartPolicy", o.getRestartPolicy());
    put(m, "runtimeClassName", o.getRuntimeClassName());
    put(m, "schedulerName", o.getSchedulerName());
    putNonEmpty(m, "schedulingGates", o.getSchedulingGates());
    put(m, "securityContext", o.getSecurityContext());
    put(m, "serviceAccount", o.getServiceAccount());
    put(m, "serviceAccountName", o.getServiceAccountName());
    put(m, "setHostnameAsFQDN", o.getSetHostnameAsFQDN());
    put(m, "shareProcessNamespace", o.getShareProcessNamespace());
    put(m, "subdomain", o.getSubdomain());
    put(m, "terminationGracePeriodSeconds", o.getTerminationGracePeriodSeconds());
    putNonEmpty(m, "tolerations", o.getTolerations());
    putNonEmpty(m, "topologySpreadConstraints", o.getTopologySpreadConstraints());
    putNonEmpty(m, "volumes", o.getVolumes());
    return m;
  }

  private static Object container(Container o) {
    if (hasExtra(o.getAdditionalProperties())) {
      return fallback(o);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    putNonEmpty(m, "args", o.getArgs());
    putNonEmpty(m, "command", o.getCommand());
    putNonEmpty(m, "env", o.getEnv());
    putNonEmpty(m, "envFrom", o.getEnvFrom());
    put(m, "image", o.getImage());
    put(m, "imagePullPolicy", o.getImagePullPolicy());
    put(m, "lifecycle", o.getLifecycle());
    put(m, "livenessProbe", o.getLivenessProbe());
    put(m, "name", o.getName());
    putNonEmpty(m, "ports", o.getPorts());
    put(m, "readinessProbe", o.getReadinessProbe());
    putNonEmpty(m, "resizePolicy", o.getResizePolicy());
    put(m, "resources", o.getResources());
    put(m, "restartPolicy", o.getRestartPolicy());
    putNonEmpty(m, "restartPolicyRules", o.getRestartPolicyRules());
    put(m, "securityContext", o.getSecurityContext());
    put(m, "startupProbe", o.getStartupProbe());
    put(m, "stdin", o.getStdin());
    put(m, "stdinOnce", o.getStdinOnce());
    put(m, "terminationMessagePath", o.getTerminationMessagePath());
    put(m, "terminationMessagePolicy", o.getTerminationMessagePolicy());
    put(m, "tty", o.getTty());
    putNonEmpty(m, "volumeDevices", o.getVolumeDevices());
    putNonEmpty(m, "volumeMounts", o.getVolumeMounts());
    put(m, "workingDir", o.getWorkingDir());
    return m;
  }

  private static Object envVar(EnvVar o) {
    if (hasExtra(o.getAdditionalProperties())) {
      return fallback(o);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "name", o.getName());
    put(m, "value", o.getValue());
    put(m, "valueFrom", o.getValueFrom());
    return m;
  }

  private static Object envVarSource(EnvVarSource o) {
    if (hasExtra(o.getAdditionalProperties())) {
      return fallback(o);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "configMapKeyRef", o.getConfigMapKeyRef());
    put(m, "fieldRef", o.getFieldRef());
    put(m, "fileKeyRef", o.getFileKeyRef());
    put(m, "resourceFieldRef", o.getResourceFieldRef());
    put(m, "secretKeyRef", o.getSecretKeyRef());
    return m;
  }

  private static Object objectFieldSelector(ObjectFieldSelector o) {
    if (hasExtra(o.getAdditionalProperties())) {
      return fallback(o);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "apiVersion", o.getApiVersion());
    put(m, "fieldPath", o.getFieldPath());
    return m;
  }

  private static Object resourceRequirements(ResourceRequirements o) {
    if (hasExtra(o.getAdditionalProperties())) {
      return fallback(o);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    putNonEmpty(m, "claims", o.getClaims());
    putNonEmpty(m, "limits", o.getLimits());
    putNonEmpty(m, "requests", o.getRequests());
    return m;
  }

  private static Object volumeMount(VolumeMount o) {
    if (hasExtra(o.getAdditionalProperties())) {
      return fallback(o);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "mountPath", o.getMountPath());
    put(m, "mountPropagation", o.getMountPropagation());
    put(m, "name", o.getName());
    put(m, "readOnly", o.getReadOnly());
    put(m, "recursiveReadOnly", o.getRecursiveReadOnly());
    put(m, "subPath", o.getSubPath());
    put(m, "subPathExpr", o.getSubPathExpr());
    return m;
  }

  private static Object volume(Volume o) {
    if (hasExtra(o.getAdditionalProperties())) {
      return fallback(o);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "awsElasticBlockStore", o.getAwsElasticBlockStore());
    put(m, "azureDisk", o.getAzureDisk());
    put(m, "azureFile", o.getAzureFile());
    put(m, "cephfs", o.getCephfs());
    put(m, "cinder", o.getCinder());
    put(m, "configMap", o.getConfigMap());
    put(m, "csi", o.getCsi());
    put(m, "downwardAPI", o.getDownwardAPI());
    put(m, "emptyDir", o.getEmptyDir());
    put(m, "ephemeral", o.getEphemeral());
    put(m, "fc", o.getFc());
    put(m, "flexVolume", o.getFlexVolume());
    put(m, "flocker", o.getFlocker());
    put(m, "gcePersistentDisk", o.getGcePersistentDisk());
    put(m, "gitRepo", o.getGitRepo());
    put(m, "glusterfs", o.getGlusterfs());
    put(m, "hostPath", o.getHostPath());
    put(m, "image", o.getImage());
    put(m, "iscsi", o.getIscsi());
    put(m, "name", o.getName());
    put(m, "nfs", o.getNfs());
    put(m, "persistentVolumeClaim", o.getPersistentVolumeClaim());
    put(m, "photonPersistentDisk", o.getPhotonPersistentDisk());
    put(m, "portworxVolume", o.getPortworxVolume());
    put(m, "projected", o.getProjected());
    put(m, "quobyte", o.getQuobyte());
    put(m, "rbd", o.getRbd());
    put(m, "scaleIO", o.getScaleIO());
    put(m, "secret", o.getSecret());
    put(m, "storageos", o.getStorageos());
    put(m, "vsphereVolume", o.getVsphereVolume());
    return m;
  }

  private static Object emptyDirVolumeSource(EmptyDirVolumeSource o) {
    if (hasExtra(o.getAdditionalProperties())) {
      return fallback(o);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "medium", o.getMedium());
    put(m, "sizeLimit", o.getSizeLimit());
    return m;
  }

  private static Object downwardAPIVolumeFile(DownwardAPIVolumeFile o) {
    if (hasExtra(o.getAdditionalProperties())) {
      return fallback(o);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "fieldRef", o.getFieldRef());
    put(m, "mode", o.getMode());
    put(m, "path", o.getPath());
    put(m, "resourceFieldRef", o.getResourceFieldRef());
    return m;
  }

  private static Object downwardAPIVolumeSource(DownwardAPIVolumeSource o) {
    if (hasExtra(o.getAdditionalProperties())) {
      return fallback(o);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "defaultMode", o.getDefaultMode());
    putNonEmpty(m, "items", o.getItems());
    return m;
  }

  private static Object projectedVolumeSource(ProjectedVolumeSource o) {
    if (hasExtra(o.getAdditionalProperties())) {
      return fallback(o);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "defaultMode", o.getDefaultMode());
    putNonEmpty(m, "sources", o.getSources());
    return m;
  }

  private static Object volumeProjection(VolumeProjection o) {
    if (hasExtra(o.getAdditionalProperties())) {
      return fallback(o);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "clusterTrustBundle", o.getClusterTrustBundle());
    put(m, "configMap", o.getConfigMap());
    put(m, "downwardAPI", o.getDownwardAPI());
    put(m, "podCertificate", o.getPodCertificate());
    put(m, "secret", o.getSecret());
    put(m, "serviceAccountToken", o.getServiceAccountToken());
    return m;
  }

  private static Object configMapProjection(ConfigMapProjection o) {
    if (hasExtra(o.getAdditionalProperties())) {
      return fallback(o);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    putNonEmpty(m, "items", o.getItems());
    put(m, "name", o.getName());
    put(m, "optional", o.getOptional());
    return m;
  }

}
