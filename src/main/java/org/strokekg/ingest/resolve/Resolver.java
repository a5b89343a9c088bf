package org.strokekg.ingest.resolve;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.strokekg.graph.BatchStore.KeyedEntity;
import org.strokekg.graph.Ids;
import org.strokekg.graph.Vocabulary;
import org.strokekg.text.TextNormalizer;
import org.strokekg.trust.Trust;

/**
 * Entity resolution: a name (in either script, any case, full- or half-width) finds the entity that carries it as
 * name or alias, within the same type group (a 症状 may resolve to a 疾病 of the same name, a 药物 never does),
 * before a new entity is made. Holds the graph's keys at the start of a batch plus the entities the batch creates.
 */
public final class Resolver {

    /**
     * A candidate: the entity, its type, whether the key is its canonical name (preferred over an alias), whether it is
     * in the graph already, and whether a curated or reviewed batch vouches for it (its type is then trusted: the crawl
     * rules read it, see the ingest's crawl rules).
     */
    public record Candidate(String id, String type, String name, boolean byName, boolean existing, boolean trusted) {
    }

    private final Vocabulary vocabulary;
    private final boolean literal;
    /** Whether the entities the batch being planned creates are trusted (its level): set before each plan. */
    private boolean newTrusted;
    private final Map<String, List<Candidate>> byKey = new HashMap<>();
    private final Map<String, Candidate> byId = new HashMap<>();

    public Resolver(Vocabulary vocabulary, List<KeyedEntity> graph) {
        this(vocabulary, graph, false, true);
    }

    /** @param newTrusted whether what the batches planned with it create is curated or reviewed */
    public Resolver(Vocabulary vocabulary, List<KeyedEntity> graph, boolean newTrusted) {
        this(vocabulary, graph, false, newTrusted);
    }

    private Resolver(Vocabulary vocabulary, List<KeyedEntity> graph, boolean literal, boolean newTrusted) {
        this.vocabulary = vocabulary;
        this.literal = literal;
        this.newTrusted = newTrusted;
        for (KeyedEntity e : graph) {
            boolean trusted = e.trust().atLeast(Trust.REVIEWED);
            if (literal) {
                add(literalKey(e.type(), e.name()), new Candidate(e.id(), e.type(), e.name(), true, true, trusted));
            } else {
                String nameKey = key(e.name());
                for (String key : e.keys()) {
                    add(key, new Candidate(e.id(), e.type(), e.name(), key.equals(nameKey), true, trusted));
                }
            }
            byId.put(e.id(), new Candidate(e.id(), e.type(), e.name(), true, true, trusted));
        }
    }

    /**
     * For the resolution benchmark only: a name finds an entity only when its type and its written name are exactly the
     * same (no script or case folding, no aliases, no type groups), so every distinct (type, written name) becomes its own
     * entity. What the benchmark compares real resolution with; never used by the API or the ingest command.
     */
    public static Resolver literal(Vocabulary vocabulary, List<KeyedEntity> graph, boolean newTrusted) {
        return new Resolver(vocabulary, graph, true, newTrusted);
    }

    public boolean literal() {
        return literal;
    }

    /** Whether the next batch planned with this resolver is curated or reviewed (its new entities are trusted). */
    public void newEntitiesTrusted(boolean trusted) {
        this.newTrusted = trusted;
    }

    public static String key(String name) {
        return TextNormalizer.forMatching(name);
    }

    private static String literalKey(String type, String name) {
        return type + '\u0001' + name;
    }

    /** A new entity's id: stable for the same concept (type group and matching key), so a re-load finds it again. */
    public String newId(String type, String name) {
        if (literal) {
            return "e-" + Ids.sha256Hex("literal\u0001" + literalKey(type, name), 12);
        }
        return "e-" + Ids.sha256Hex(vocabulary.group(type) + '\u0001' + key(name), 12);
    }

    public Optional<Candidate> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The best entity for this name within the type's group: same type first, then name over alias, then oldest. */
    public Optional<Candidate> resolve(String name, String type) {
        if (literal) {
            List<Candidate> same = byKey.get(literalKey(type, name));
            return same == null ? Optional.empty() : Optional.of(same.getFirst());
        }
        List<Candidate> candidates = byKey.get(key(name));
        if (candidates == null) {
            return Optional.empty();
        }
        Candidate best = null;
        for (Candidate c : candidates) {
            if (!vocabulary.compatible(c.type(), type)) {
                continue;
            }
            if (best == null || better(c, best, type)) {
                best = c;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Any entity carrying this name, whatever its type (passages name entities without a type). */
    public Optional<Candidate> resolveAnyType(String name) {
        if (literal) {
            return vocabulary.types().stream().map(t -> byKey.get(literalKey(t.name(), name)))
                    .filter(java.util.Objects::nonNull).map(List::getFirst).findFirst();
        }
        List<Candidate> candidates = byKey.get(key(name));
        if (candidates == null || candidates.isEmpty()) {
            return Optional.empty();
        }
        Candidate best = candidates.getFirst();
        for (Candidate c : candidates) {
            if (c.byName() && !best.byName()) {
                best = c;
            }
        }
        return Optional.of(best);
    }

    private static boolean better(Candidate a, Candidate b, String type) {
        boolean aType = a.type().equals(type);
        boolean bType = b.type().equals(type);
        if (aType != bType) {
            return aType;
        }
        if (a.byName() != b.byName()) {
            return a.byName();
        }
        return a.id().compareTo(b.id()) < 0;
    }

    /** Makes a batch's own new entity, and the aliases it gains, findable by the rest of the batch. */
    public void register(String id, String type, String name, List<String> keys, boolean existing) {
        Candidate known = byId.get(id);
        boolean trusted = known != null ? known.trusted() : newTrusted;
        if (literal) {
            add(literalKey(type, name), new Candidate(id, type, name, true, existing, trusted));
            byId.putIfAbsent(id, new Candidate(id, type, name, true, existing, trusted));
            return;
        }
        String nameKey = key(name);
        for (String k : keys) {
            add(k, new Candidate(id, type, name, k.equals(nameKey), existing, trusted));
        }
        byId.putIfAbsent(id, new Candidate(id, type, name, true, existing, trusted));
    }

    /**
     * The entities planned so far are about to exist: a later batch planned with this resolver uses them (touches
     * them, MERGEs relations between them) instead of creating them again.
     */
    public void settle() {
        byKey.replaceAll((k, list) -> list.stream().map(Resolver::existing).collect(java.util.stream.Collectors.toCollection(ArrayList::new)));
        byId.replaceAll((k, c) -> existing(c));
    }

    private static Candidate existing(Candidate c) {
        return c.existing() ? c : new Candidate(c.id(), c.type(), c.name(), c.byName(), true, c.trusted());
    }

    public boolean hasKey(String id, String key) {
        List<Candidate> cs = byKey.get(key);
        return cs != null && cs.stream().anyMatch(c -> c.id().equals(id));
    }

    private void add(String key, Candidate c) {
        List<Candidate> list = byKey.computeIfAbsent(key, k -> new ArrayList<>(1));
        for (Candidate existing : list) {
            if (existing.id().equals(c.id())) {
                return;
            }
        }
        list.add(c);
    }
}
