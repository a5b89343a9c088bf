package org.strokekg.graph;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.strokekg.error.InvalidInputException;

/**
 * The closed vocabulary of node types and predicates, loaded from {@code strokekg/graph-schema/vocabulary.json} on the
 * classpath, optionally extended by curator files of the same shape. An extension may add types and predicates, and its
 * predicates may use the built-in types, but it may not redefine an existing name. Immutable.
 *
 * <p>Type and predicate names become Neo4j labels and relationship types, which Cypher cannot take as parameters, so they
 * are held to {@link #TYPE_NAME} and {@link #PREDICATE_NAME}: nothing else ever reaches a query text.
 */
public final class Vocabulary {

    /** Classpath location of the built-in vocabulary (the pom copies {@code graph-schema/} there). */
    public static final String RESOURCE = "strokekg/graph-schema/vocabulary.json";
    public static final Pattern TYPE_NAME = Pattern.compile("[A-Z][A-Za-z0-9]{0,39}");
    public static final Pattern PREDICATE_NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,39}");
    private static final Pattern GROUP_NAME = Pattern.compile("[a-z][a-z0-9_]{0,39}");
    private static final Set<String> TYPE_KEYS = Set.of("zh", "en", "group", "comment");
    private static final Set<String> PREDICATE_KEYS = Set.of("zh", "en", "domain", "range", "sameGroup", "comment");
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonParser.Feature.ALLOW_COMMENTS).build();

    private final Map<String, NodeType> types;
    private final Map<String, Predicate> predicates;
    private final List<String> sources;

    private Vocabulary(Map<String, NodeType> types, Map<String, Predicate> predicates, List<String> sources) {
        this.types = Collections.unmodifiableMap(new LinkedHashMap<>(types));
        this.predicates = Collections.unmodifiableMap(new LinkedHashMap<>(predicates));
        this.sources = List.copyOf(sources);
    }

    /** The built-in vocabulary from the classpath. */
    public static Vocabulary builtIn() {
        try (InputStream in = Vocabulary.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + RESOURCE + " is missing: the build copies graph-schema/ there");
            }
            return new Vocabulary(Map.of(), Map.of(), List.of()).extendedWith(in, "classpath:" + RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** The built-in vocabulary extended by each file in turn. */
    public static Vocabulary load(List<Path> extensions) {
        Vocabulary v = builtIn();
        for (Path p : extensions) {
            v = v.extendedWith(p);
        }
        return v;
    }

    /** This vocabulary plus the types and predicates of an extension file; a name it already has is refused. */
    public Vocabulary extendedWith(Path extension) {
        try (InputStream in = Files.newInputStream(extension)) {
            return extendedWith(in, extension.toString());
        } catch (IOException e) {
            throw new InvalidInputException("vocabulary", "cannot read extension file " + extension + ": " + e.getMessage(), e);
        }
    }

    /** As {@link #extendedWith(Path)}, from a stream; {@code name} names the file in error messages. */
    public Vocabulary extendedWith(InputStream extension, String name) {
        JsonNode root;
        try {
            root = JSON.readTree(extension);
        } catch (IOException e) {
            throw new InvalidInputException(name, "not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(name, "a vocabulary file is one JSON object with \"types\" and \"predicates\"");
        }
        for (String key : fieldNames(root)) {
            if (!Set.of("types", "predicates", "comment").contains(key)) {
                throw new InvalidInputException(name + ": " + key, "unknown key; expected types, predicates or comment");
            }
        }
        Map<String, NodeType> newTypes = new LinkedHashMap<>(types);
        for (Map.Entry<String, JsonNode> e : entries(root.path("types"), name + ": types")) {
            String type = e.getKey();
            String where = name + ": types." + type;
            require(TYPE_NAME.matcher(type).matches(), where, "a type name is CamelCase ASCII letters and digits, at most 40");
            require(!newTypes.containsKey(type), where, "type " + type + " is already defined; an extension may only add");
            JsonNode def = object(e.getValue(), where, TYPE_KEYS);
            String group = text(def, "group", where).orElse(type.toLowerCase(java.util.Locale.ROOT));
            require(GROUP_NAME.matcher(group).matches(), where + ".group", "a group is lower-case ASCII letters, digits and _");
            String en = text(def, "en", where).orElse(type);
            newTypes.put(type, new NodeType(type, text(def, "zh", where).orElse(en), en, group));
        }
        Map<String, Predicate> newPredicates = new LinkedHashMap<>(predicates);
        for (Map.Entry<String, JsonNode> e : entries(root.path("predicates"), name + ": predicates")) {
            String predicate = e.getKey();
            String where = name + ": predicates." + predicate;
            require(PREDICATE_NAME.matcher(predicate).matches(), where, "a predicate name is UPPER_SNAKE_CASE ASCII, at most 40");
            require(!newPredicates.containsKey(predicate), where,
                    "predicate " + predicate + " is already defined; an extension may only add");
            JsonNode def = object(e.getValue(), where, PREDICATE_KEYS);
            Set<String> domain = typeList(def.path("domain"), where + ".domain", newTypes);
            Set<String> range = typeList(def.path("range"), where + ".range", newTypes);
            JsonNode same = def.path("sameGroup");
            require(same.isMissingNode() || same.isBoolean(), where + ".sameGroup", "must be true or false");
            String en = text(def, "en", where).orElse(predicate);
            newPredicates.put(predicate, new Predicate(predicate, text(def, "zh", where).orElse(en), en, domain, range,
                    same.asBoolean(false)));
        }
        List<String> newSources = new ArrayList<>(sources);
        newSources.add(name);
        return new Vocabulary(newTypes, newPredicates, newSources);
    }

    public Optional<Predicate> predicate(String name) {
        return Optional.ofNullable(predicates.get(name));
    }

    public Optional<NodeType> type(String name) {
        return Optional.ofNullable(types.get(name));
    }

    public boolean isType(String name) {
        return types.containsKey(name);
    }

    /** The group of a known type; an unknown type is invalid input. */
    public String group(String type) {
        NodeType t = types.get(type);
        if (t == null) {
            throw new InvalidInputException("type", "unknown type " + type);
        }
        return t.group();
    }

    /** Whether entities of these two types may be one concept (same group); false when either is unknown. */
    public boolean compatible(String typeA, String typeB) {
        NodeType a = types.get(typeA);
        NodeType b = types.get(typeB);
        return a != null && b != null && a.group().equals(b.group());
    }

    /** Whether the predicate exists and takes this subject type and this object type (and same group where it asks). */
    public boolean allowed(String predicate, String subjectType, String objectType) {
        Predicate p = predicates.get(predicate);
        return p != null && p.domain().contains(subjectType) && p.range().contains(objectType)
                && (!p.sameGroup() || compatible(subjectType, objectType));
    }

    /** Types in file order (built-in first, then each extension). */
    public Collection<NodeType> types() {
        return types.values();
    }

    /** Predicates in file order (built-in first, then each extension). */
    public Collection<Predicate> predicates() {
        return predicates.values();
    }

    /** The files this vocabulary was read from, built-in first. */
    public List<String> sources() {
        return sources;
    }

    @Override
    public String toString() {
        return "Vocabulary" + sources + "(" + types.size() + " types, " + predicates.size() + " predicates)";
    }

    private static Set<String> typeList(JsonNode node, String where, Map<String, NodeType> known) {
        require(node.isArray() && !node.isEmpty(), where, "must be a non-empty array of type names");
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode t : node) {
            require(t.isTextual(), where, "must hold type names as strings");
            require(known.containsKey(t.asText()), where, "unknown type " + t.asText());
            out.add(t.asText());
        }
        return out;
    }

    private static JsonNode object(JsonNode def, String where, Set<String> allowedKeys) {
        require(def.isObject(), where, "must be a JSON object");
        for (String key : fieldNames(def)) {
            require(allowedKeys.contains(key), where + "." + key, "unknown key; expected one of " + allowedKeys);
        }
        return def;
    }

    private static Optional<String> text(JsonNode def, String key, String where) {
        JsonNode v = def.path(key);
        if (v.isMissingNode()) {
            return Optional.empty();
        }
        require(v.isTextual() && !v.asText().isBlank(), where + "." + key, "must be a non-empty string");
        return Optional.of(v.asText().strip());
    }

    private static List<Map.Entry<String, JsonNode>> entries(JsonNode node, String where) {
        if (node.isMissingNode()) {
            return List.of();
        }
        require(node.isObject(), where, "must be a JSON object keyed by name");
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        node.properties().forEach(out::add);
        return out;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    private static void require(boolean ok, String field, String reason) {
        if (!ok) {
            throw new InvalidInputException(field, reason);
        }
    }
}
