package org.strokekg.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.Set;
import org.strokekg.text.TextNormalizer;

/**
 * An immutable snapshot of every entity's folded names and aliases: the {@link Lexicon} that linking and
 * {@link StrokeAnalyzer} match against, and for each term the entities that carry it. Rebuilt from the entity index on
 * open and after every committed change; readers hold whichever snapshot was current when they started.
 */
final class EntityDictionary {

    static final EntityDictionary EMPTY = build(Map.of());

    /** An entity's display data and its folded keys (name first). */
    record Entry(String id, String type, String name, List<String> aliases, List<String> keys) {

        static Entry of(EntityDoc doc) {
            Set<String> keys = new LinkedHashSet<>();
            keys.add(TextNormalizer.forMatching(doc.name()));
            for (String alias : doc.aliases()) {
                String k = TextNormalizer.forMatching(alias);
                if (!k.isEmpty()) {
                    keys.add(k);
                }
            }
            return new Entry(doc.id(), doc.type(), doc.name(), doc.aliases(), List.copyOf(keys));
        }

        String nameKey() {
            return keys.get(0);
        }
    }

    /** An entity carrying a term, as its name or as an alias. */
    record Ref(Entry entry, boolean isName) {
    }

    /** Fuzzy look-ups are a Lucene query each; questions repeat, and a snapshot never changes, so they are remembered. */
    private static final int FUZZY_CACHE_SIZE = 20_000;

    private final Map<String, Entry> byId;
    private final Lexicon lexicon;
    private final Ref[][] refs;
    private final Map<String, Optional<EntityLinker.Fuzzy>> fuzzyCache = new ConcurrentHashMap<>();

    private EntityDictionary(Map<String, Entry> byId, Lexicon lexicon, Ref[][] refs) {
        this.byId = byId;
        this.lexicon = lexicon;
        this.refs = refs;
    }

    static EntityDictionary build(Map<String, Entry> entries) {
        Map<String, List<Ref>> byKey = new HashMap<>();
        for (Entry e : entries.values()) {
            for (int i = 0; i < e.keys().size(); i++) {
                byKey.computeIfAbsent(e.keys().get(i), k -> new ArrayList<>(1)).add(new Ref(e, i == 0));
            }
        }
        String[] terms = byKey.keySet().toArray(String[]::new);
        java.util.Arrays.sort(terms);
        Ref[][] refs = new Ref[terms.length][];
        Comparator<Ref> namesFirst = Comparator.comparing((Ref r) -> !r.isName()).thenComparing(r -> r.entry().id());
        for (int i = 0; i < terms.length; i++) {
            List<Ref> list = byKey.get(terms[i]);
            list.sort(namesFirst);
            refs[i] = list.toArray(Ref[]::new);
        }
        return new EntityDictionary(Map.copyOf(entries), new Lexicon(terms), refs);
    }

    Lexicon lexicon() {
        return lexicon;
    }

    Ref[] refs(int term) {
        return refs[term];
    }

    Entry entry(String id) {
        return byId.get(id);
    }

    Map<String, Entry> entries() {
        return byId;
    }

    /** The cached fuzzy result for this key, computing it at most about once. */
    Optional<EntityLinker.Fuzzy> fuzzy(String key, Supplier<Optional<EntityLinker.Fuzzy>> lookup) {
        Optional<EntityLinker.Fuzzy> hit = fuzzyCache.get(key);
        if (hit != null) {
            return hit;
        }
        Optional<EntityLinker.Fuzzy> value = lookup.get();
        if (fuzzyCache.size() >= FUZZY_CACHE_SIZE) {
            fuzzyCache.clear(); // crude but bounded: a full cache starts over
        }
        fuzzyCache.put(key, value);
        return value;
    }

    int size() {
        return byId.size();
    }
}
