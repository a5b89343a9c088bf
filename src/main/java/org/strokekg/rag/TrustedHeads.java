package org.strokekg.rag;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strokekg.graph.Entity;
import org.strokekg.graph.GraphQueries;
import org.strokekg.search.EntityMention;
import org.strokekg.search.Retrieval;

/**
 * Loading less trusted knowledge must not hide the trusted knowledge a question names. The linker takes the longest
 * name it finds, so once the crawl has added 高血压脑出血 as an unreviewed entity, a question about it no longer links
 * the curated 脑出血 inside it, and the answer (which states only knowledge at the request's level) has nothing left to
 * say. Where a linked entity is below the request's level, its mention is replaced by the longest trusted entity
 * named by the mention's head: the end of the name (a Chinese or English term names its kind last: 高血压脑出血 is a
 * 脑出血, hypertensive intracerebral hemorrhage an intracerebral hemorrhage). A term inside at another place is not
 * taken: 高血压脑病 is not a kind of 高血压. Fuzzy mentions are left as they are (a near miss has no reliable head).
 */
final class TrustedHeads {

    private static final Pattern LATIN_WORD_START = Pattern.compile("(?<![A-Za-z0-9])[A-Za-z0-9]");
    /** A head shorter than this names too little (出血, 中风 are already the shortest curated names). */
    private static final int MIN_HEAD = 2;

    private final GraphQueries graph;
    private final Retrieval retrieval;

    TrustedHeads(GraphQueries graph, Retrieval retrieval) {
        this.graph = graph;
        this.retrieval = retrieval;
    }

    /** The mentions with each one below the gate's level replaced by its trusted head, where it has one. */
    List<EntityMention> apply(List<EntityMention> mentions, TrustGate gate) {
        if (mentions.isEmpty()) {
            return mentions;
        }
        Map<String, Entity> byId = new HashMap<>();
        graph.entities(mentions.stream().map(EntityMention::entityId).distinct().toList())
                .forEach(e -> byId.put(e.id(), e));
        List<EntityMention> out = new ArrayList<>(mentions.size());
        boolean changed = false;
        for (EntityMention m : mentions) {
            Entity e = byId.get(m.entityId());
            if (e == null || gate.states(e.trust()) || m.how() == EntityMention.How.FUZZY) {
                out.add(m);
                continue;
            }
            Optional<EntityMention> head = head(m, gate);
            if (head.isPresent() && out.stream().noneMatch(x -> x.entityId().equals(head.get().entityId()))) {
                out.add(head.get());
                changed = true;
            } else {
                out.add(m);
            }
        }
        return changed ? List.copyOf(out) : mentions;
    }

    /** The longest proper suffix of the mention that links, whole, to an entity the gate states. */
    private Optional<EntityMention> head(EntityMention m, TrustGate gate) {
        String surface = m.surface();
        // every suffix linked whole, longest first; then one look-up of their trust, not one a candidate
        List<EntityMention> candidates = new ArrayList<>();
        for (int from : suffixStarts(surface)) {
            String suffix = surface.substring(from);
            if (suffix.codePointCount(0, suffix.length()) < MIN_HEAD) {
                break;
            }
            for (EntityMention h : retrieval.link(suffix)) {
                if (h.start() == 0 && h.end() == suffix.length() && h.how() != EntityMention.How.FUZZY) {
                    candidates.add(new EntityMention(h.entityId(), h.type(), h.name(), suffix, m.start() + from,
                            m.end(), h.how(), h.score()));
                }
            }
        }
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Entity> byId = new HashMap<>();
        graph.entities(candidates.stream().map(EntityMention::entityId).distinct().toList())
                .forEach(e -> byId.put(e.id(), e));
        return candidates.stream().filter(c -> byId.containsKey(c.entityId())
                && gate.states(byId.get(c.entityId()).trust())).findFirst();
    }

    /** Where the proper suffixes start, longest first: each character of a Chinese name, each word of a Latin one. */
    static List<Integer> suffixStarts(String surface) {
        List<Integer> starts = new ArrayList<>();
        boolean latin = surface.chars().anyMatch(c -> c < 0x80 && Character.isLetter(c));
        if (latin) {
            Matcher w = LATIN_WORD_START.matcher(surface);
            while (w.find()) {
                if (w.start() > 0) {
                    starts.add(w.start());
                }
            }
            return starts;
        }
        for (int i = surface.offsetByCodePoints(0, 1); i < surface.length(); i = surface.offsetByCodePoints(i, 1)) {
            starts.add(i);
        }
        return starts;
    }
}
