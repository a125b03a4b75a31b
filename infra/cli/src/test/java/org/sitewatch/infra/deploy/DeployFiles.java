package org.sitewatch.infra.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The deployment files of the source tree (infra/deploy) and the docs they must agree with. */
final class DeployFiles {
  private DeployFiles() {}

  /**
   * The project's root: the first folder above the working directory that holds docs/metrics.md.
   */
  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("docs/metrics.md"))) {
      dir = dir.getParent();
    }
    return Objects.requireNonNull(dir, "no docs/metrics.md above the working directory");
  }

  static Path deploy() {
    return root().resolve("infra/deploy");
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every file under infra/deploy whose name ends with one of the extensions. */
  static List<Path> files(String... extensions) {
    try (Stream<Path> s = Files.walk(deploy())) {
      return s.filter(Files::isRegularFile)
          .filter(p -> Stream.of(extensions).anyMatch(e -> p.getFileName().toString().endsWith(e)))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The documents of a YAML file (anchors, aliases and merge keys resolved), empty ones left out.
   */
  static List<Map<String, Object>> yamlDocuments(Path file) {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    List<Map<String, Object>> docs = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (Object doc : yaml.loadAll(in)) {
        if (doc != null) {
          docs.add(map(doc));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  static Map<String, Object> yaml(Path file) {
    List<Map<String, Object>> docs = yamlDocuments(file);
    if (docs.size() != 1) {
      throw new IllegalStateException(file + " holds " + docs.size() + " documents, not 1");
    }
    return docs.get(0);
  }

  static JsonNode json(Path file) {
    try {
      return new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every Kubernetes resource of infra/deploy/k8s of one kind. */
  static List<Map<String, Object>> k8s(String kind) {
    return files(".yaml").stream()
        .filter(p -> p.startsWith(deploy().resolve("k8s")))
        .flatMap(p -> yamlDocuments(p).stream())
        .filter(d -> kind.equals(d.get("kind")))
        .toList();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    if (!(o instanceof Map)) {
      throw new IllegalStateException("not a mapping: " + o);
    }
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    if (!(o instanceof List)) {
      throw new IllegalStateException("not a list: " + o);
    }
    return (List<Object>) o;
  }

  /** The value at a path of mapping keys, or null where the path ends early. */
  static Object at(Object node, String... keys) {
    Object cur = node;
    for (String k : keys) {
      if (!(cur instanceof Map<?, ?> m)) {
        return null;
      }
      cur = m.get(k);
    }
    return cur;
  }
}
