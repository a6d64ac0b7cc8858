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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link ModelTree} must make exactly Jackson's tree: every hand-written class, with every property set (and with
 * none set), compared with {@code valueToTree}, order included. A fabric8 upgrade that adds a property fails here.
 */
class ModelTreeTest {
  private static final ObjectMapper JACKSON = new ObjectMapper();

  static final List<Class<?>> HAND_WRITTEN = List.of(ConfigMap.class, Job.class, ObjectMeta.class, JobSpec.class,
      PodFailurePolicy.class, PodFailurePolicyRule.class, PodFailurePolicyOnExitCodesRequirement.class,
      SuccessPolicy.class, SuccessPolicyRule.class, PodTemplateSpec.class, PodSpec.class, Container.class,
      EnvVar.class, EnvVarSource.class, ObjectFieldSelector.class, ResourceRequirements.class, VolumeMount.class,
      Volume.class, EmptyDirVolumeSource.class, DownwardAPIVolumeFile.class, DownwardAPIVolumeSource.class,
      ProjectedVolumeSource.class, VolumeProjection.class, ConfigMapProjection.class);

  @Test
  void everyHandWrittenClassFullyPopulatedMatchesJackson() throws Exception {
    for (Class<?> c : HAND_WRITTEN) {
      Object full = populate(c, 0);
      assertEquals(jackson(full), ModelTree.of(full), c.getSimpleName() + " with every property set");
      Object empty = c.getConstructor().newInstance();
      assertEquals(jackson(empty), ModelTree.of(empty), c.getSimpleName() + " with no property set");
    }
  }

  @Test
  void propertyOrderIsJacksons() throws Exception {
    for (Class<?> c : HAND_WRITTEN) {
      Object full = populate(c, 0);
      @SuppressWarnings("unchecked")
      Map<String, Object> tree = (Map<String, Object>) ModelTree.of(full);
      assertEquals(new ArrayList<>(((Map<?, ?>) jackson(full)).keySet()), new ArrayList<>(tree.keySet()),
          c.getSimpleName());
    }
  }

  @Test
  void additionalPropertiesAndEmptyCollectionsAreJacksons() {
    Container c = new Container();
    c.setName("w");
    c.setAdditionalProperties(new LinkedHashMap<>(Map.of("extra", List.of(1, "two", Map.of("three", true)))));
    c.setArgs(new ArrayList<>());
    c.setEnv(List.of(new EnvVar("A", "", null)));
    Job job = new Job();
    job.setSpec(new JobSpec());
    job.getSpec().setTemplate(new PodTemplateSpec(new ObjectMeta(), new PodSpec()));
    job.getSpec().getTemplate().getSpec().setContainers(List.of(c));
    job.getSpec().getTemplate().getSpec().setNodeSelector(new LinkedHashMap<>());
    ResourceRequirements r = new ResourceRequirements();
    r.setLimits(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("1", "Gi")));
    c.setResources(r);
    assertEquals(jackson(job), ModelTree.of(job));
  }

  @ParameterizedTest
  @ValueSource(strings = {"io.fabric8.kubernetes.api.model.batch.v1.JobStatus",
      "io.fabric8.kubernetes.api.model.Probe", "io.fabric8.kubernetes.api.model.OwnerReference"})
  void otherClassesGoThroughJackson(String name) throws Exception {
    Object o = populate(Class.forName(name), 0);
    assertEquals(jackson(o), ModelTree.of(o));
  }

  /** Jackson's tree in ModelTree's terms: maps, lists, strings, null, and number/boolean leaves as text. */
  private static Object jackson(Object o) {
    return plain(JACKSON.valueToTree(o));
  }

  private static Object plain(JsonNode n) {
    if (n.isObject()) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        m.put(e.getKey(), plain(e.getValue()));
      }
      return m;
    }
    if (n.isArray()) {
      List<Object> l = new ArrayList<>();
      n.forEach(v -> l.add(plain(v)));
      return l;
    }
    if (n.isTextual()) {
      return n.textValue();
    }
    return n.isNull() ? null : "#" + n.asText();
  }

  /** ModelTree's number, boolean and JsonNode leaves compared as text. */
  private static Object normalise(Object o) {
    if (o instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), normalise(v)));
      return out;
    }
    if (o instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(v -> out.add(normalise(v)));
      return out;
    }
    if (o == null || o instanceof String) {
      return o;
    }
    return "#" + (o instanceof JsonNode n ? n.asText() : o.toString());
  }

  private static void assertEquals(Object expected, Object actual) {
    org.junit.jupiter.api.Assertions.assertEquals(expected, normalise(actual));
  }

  private static void assertEquals(Object expected, Object actual, String message) {
    org.junit.jupiter.api.Assertions.assertEquals(expected, normalise(actual), message);
  }

  /** An instance with every settable property set to a distinct value (nested objects to depth 3). */
  private static Object populate(Class<?> c, int depth) throws Exception {
    Object o = c.getConstructor().newInstance();
    int i = 0;
    for (Method m : c.getMethods()) {
      if (!m.getName().startsWith("set") || m.getParameterCount() != 1
          || m.getName().equals("setAdditionalProperty") || m.getName().equals("setAdditionalProperties")) {
        continue;
      }
      Object v = sample(m.getGenericParameterTypes()[0], m.getName() + i++, depth);
      if (v != null) {
        m.invoke(o, v);
      }
    }
    return o;
  }

  private static Object sample(Type t, String seed, int depth) throws Exception {
    if (t == String.class) {
      return seed;
    }
    if (t == Integer.class) {
      return seed.length();
    }
    if (t == Long.class) {
      return (long) seed.length() * 1_000_000_000L;
    }
    if (t == Boolean.class) {
      return seed.length() % 2 == 0;
    }
    if (t == Quantity.class) {
      return new Quantity(seed.length() + "Mi");
    }
    if (t instanceof ParameterizedType p) {
      Type[] args = p.getActualTypeArguments();
      if (p.getRawType() == List.class) {
        Object a = sample(args[0], seed + "a", depth);
        Object b = sample(args[0], seed + "bb", depth);
        List<Object> l = new ArrayList<>();
        if (a != null) {
          l.add(a);
          l.add(b);
        }
        return l;
      }
      if (p.getRawType() == Map.class) {
        Map<String, Object> m = new LinkedHashMap<>();
        Object v = sample(args[1], seed + "v", depth);
        if (v != null) {
          m.put("k2-" + seed, v);
          m.put("k1-" + seed, sample(args[1], seed + "w", depth));
        }
        return m;
      }
      return null;
    }
    if (t instanceof Class<?> c && c.getName().startsWith("io.fabric8.") && depth < 3) {
      try {
        return populate(c, depth + 1);
      } catch (NoSuchMethodException e) {
        return null;
      }
    }
    return null;
  }
}
