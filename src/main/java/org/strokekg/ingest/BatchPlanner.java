package org.strokekg.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.strokekg.graph.BatchPlan;
import org.strokekg.graph.Ids;
import org.strokekg.graph.Vocabulary;
import org.strokekg.ingest.read.AliasRow;
import org.strokekg.ingest.read.EntityRow;
import org.strokekg.ingest.read.IngestFormat;
import org.strokekg.ingest.read.IngestItem;
import org.strokekg.ingest.read.PassageRow;
import org.strokekg.ingest.read.Triple;
import org.strokekg.ingest.resolve.Resolution;
import org.strokekg.ingest.resolve.Resolver;

/**
 * Turns validated inputs into what one batch writes. Every name goes through the {@link Resolver} first; only a name
 * that no entity of a compatible type carries makes a new entity. Ids are derived from content (new entity: type group
 * and matching key; relation: ends, predicate and source), so loading the same facts again finds the same ids.
 */
final class BatchPlanner {

    /** What a name in an input resolved to, and the lines that could not be resolved (e.g. an unknown passage entity). */
    record Planned(List<BatchPlan.NewEntity> newEntities, List<BatchPlan.EntityTouch> touched,
                   List<BatchPlan.NewRelation> relations, List<BatchPlan.NewPassage> passages,
                   List<Resolution> resolutions, List<LoadResult.FileError> errors, List<LoadResult.FileError> notes,
                   List<CrawlMapping> mapping) {
    }

    private final Vocabulary vocabulary;
    private final Resolver resolver;
    private final Map<String, NewEntityBuilder> created = new LinkedHashMap<>();
    private final Map<String, TouchBuilder> touched = new LinkedHashMap<>();
    private final Map<String, BatchPlan.NewRelation> relations = new LinkedHashMap<>();
    private final Map<String, BatchPlan.NewPassage> passages = new LinkedHashMap<>();
    private final List<Resolution> resolutions = new ArrayList<>();
    /** Each with the file it comes from: a batch of several files must say which one a line is in. */
    private final List<LoadResult.FileError> errors = new ArrayList<>();
    private final List<LoadResult.FileError> notes = new ArrayList<>();
    private final CrawlRules crawl = new CrawlRules();
    /** alias row key (type group, alias key) → the names (by key) the input gives it to */
    private final Map<String, Map<String, String>> aliasClaims = new HashMap<>();

    BatchPlanner(Vocabulary vocabulary, Resolver resolver) {
        this.vocabulary = vocabulary;
        this.resolver = resolver;
    }

    Planned plan(List<Located<IngestItem>> items) {
        for (Located<IngestItem> item : items) {
            if (item.value() instanceof AliasRow a) {
                aliasClaims.computeIfAbsent(claimKey(a), k -> new LinkedHashMap<>())
                        .putIfAbsent(Resolver.key(a.canonical()), a.canonical());
            }
        }
        // entities and aliases first, so that triples and passages in the same batch resolve to them
        for (Located<IngestItem> item : items) {
            switch (item.value()) {
                case EntityRow e -> entity(item.file(), item.line(), e);
                case AliasRow a -> alias(item.file(), item.line(), a);
                default -> { }
            }
        }
        for (Located<IngestItem> item : items) {
            switch (item.value()) {
                case Triple t -> {
                    if (item.format() == IngestFormat.XYWY && !resolver.literal()) {
                        crawlTriple(item.file(), item.line(), t);
                    } else {
                        triple(item.file(), item.line(), t);
                    }
                }
                case PassageRow p -> passage(item.file(), item.line(), p);
                default -> { }
            }
        }
        List<BatchPlan.NewEntity> newEntities = created.values().stream().map(NewEntityBuilder::build).toList();
        List<BatchPlan.EntityTouch> touches = touched.values().stream().map(TouchBuilder::build).toList();
        return new Planned(newEntities, touches, List.copyOf(relations.values()), List.copyOf(passages.values()),
                resolutions, errors, notes, crawl.report());
    }

    /** An item with the file, format and line it came from. */
    record Located<T>(String file, long line, T value, IngestFormat format) {
    }

    private void entity(String file, long line, EntityRow row) {
        Optional<Resolver.Candidate> match = Optional.empty();
        Resolution.How how = Resolution.How.NAME;
        if (row.id().isPresent()) {
            match = resolver.byId(row.id().get());
            how = Resolution.How.ID;
            if (match.isPresent() && !vocabulary.compatible(match.get().type(), row.type())) {
                errors.add(new LoadResult.FileError(file, line, "id", "id " + row.id().get() + " belongs to a "
                        + match.get().type() + ", not a " + row.type()));
                return;
            }
        }
        if (match.isEmpty()) {
            match = resolver.resolve(row.name(), row.type());
            how = Resolution.How.NAME;
            // without resolution (the benchmark's baseline) a row is found by its written name only
            for (int i = 0; match.isEmpty() && !resolver.literal() && i < row.aliases().size(); i++) {
                match = resolver.resolve(row.aliases().get(i), row.type());
                how = Resolution.How.ALIAS;
            }
        }
        if (match.isPresent()) {
            Resolver.Candidate c = match.get();
            if (row.id().isPresent() && !row.id().get().equals(c.id())) {
                errors.add(new LoadResult.FileError(file, line, "name", "\"" + row.name() + "\" is already entity " + c.id()
                        + " (" + c.name() + "); use that id or merge the two"));
                return;
            }
            how = how == Resolution.How.NAME && !c.byName() ? Resolution.How.ALIAS : how;
            resolutions.add(new Resolution(file, line, "name", row.name(), c.id(), c.name(), c.type(), how));
            List<String> names = new ArrayList<>();
            names.add(row.name());
            names.addAll(row.aliases());
            extend(c, names, Optional.of(row.source()), row.description(), row.descriptionEn());
            return;
        }
        String id = row.id().orElseGet(() -> generatedId(row.type(), row.name()));
        NewEntityBuilder b = create(id, row.type(), row.name(), row.source());
        row.aliases().forEach(b::alias);
        if (!row.description().isBlank()) {
            b.description = row.description();
        }
        if (!row.descriptionEn().isBlank()) {
            b.descriptionEn = row.descriptionEn();
        }
        resolver.register(id, row.type(), row.name(), b.keys(), false);
        resolutions.add(new Resolution(file, line, "name", row.name(), id, row.name(), row.type(), Resolution.How.NEW));
    }

    private void alias(String file, long line, AliasRow row) {
        Optional<Resolver.Candidate> match = resolver.resolve(row.canonical(), row.type());
        if (match.isEmpty()) {
            // an alias list (e.g. a crawl's synonym column) names many concepts the graph does not hold: not an error
            notes.add(new LoadResult.FileError(file, line, "canonical", "no " + row.type() + " named \"" + row.canonical()
                    + "\" in the graph; alias \"" + row.alias() + "\" not added"));
            return;
        }
        Resolver.Candidate c = match.get();
        Optional<Resolver.Candidate> other = resolver.resolve(row.alias(), row.type());
        if (other.isPresent() && !other.get().id().equals(c.id())) {
            notes.add(new LoadResult.FileError(file, line, "alias", "\"" + row.alias() + "\" already names entity " + other.get().id()
                    + " (" + other.get().name() + "); not added to " + c.id() + " — a duplicate to review or merge"));
            return;
        }
        if (other.isEmpty()) {
            Set<String> targets = claimants(row);
            if (targets.size() > 1) {
                notes.add(new LoadResult.FileError(file, line, "alias", "\"" + row.alias() + "\" is given as an alias of "
                        + String.join(", ", aliasClaims.get(claimKey(row)).values()) + ", which are not one entity;"
                        + " added to none (an ambiguous alias names no concept)"));
                return;
            }
        }
        resolutions.add(new Resolution(file, line, "canonical", row.canonical(), c.id(), c.name(), c.type(),
                c.byName() ? Resolution.How.NAME : Resolution.How.ALIAS));
        extend(c, List.of(row.alias()), Optional.of(row.source()), "", "");
    }

    /**
     * An alias list may give one alias to several names (disease.csv: 脑卒中 to both 中风 and the TCM term 太阳中风;
     * 胆囊炎 to both 急性胆囊炎 and 慢性胆囊炎). Added to whichever name came first, it would send later facts about one
     * concept to another, so such an alias is added to none of them, unless all those names are one entity already.
     * Returns the entities the alias's names resolve to (a name not in the graph counts as its own).
     */
    private Set<String> claimants(AliasRow row) {
        Map<String, String> names = aliasClaims.getOrDefault(claimKey(row), Map.of());
        Set<String> targets = new LinkedHashSet<>();
        names.forEach((key, name) -> targets.add(resolver.resolve(name, row.type()).map(Resolver.Candidate::id)
                .orElse("absent\u0001" + key)));
        return targets;
    }

    private String claimKey(AliasRow a) {
        String group = vocabulary.type(a.type()).map(t -> t.group()).orElse(a.type());
        return group + '\u0001' + Resolver.key(a.alias());
    }

    private void triple(String file, long line, Triple t) {
        String start = resolveOrCreate(file, line, "subject", t.subject(), t.subjectType(), t.source());
        String end = resolveOrCreate(file, line, "object", t.object(), t.objectType(), t.source());
        if (start.equals(end)) {
            // two names of one concept (脑梗塞 HAS_COMPLICATION 脑梗死): a fact about itself says nothing; skip, report
            notes.add(new LoadResult.FileError(file, line, "object", "\"" + t.object() + "\" and \"" + t.subject()
                    + "\" are the same entity " + start + " after resolution; relation skipped"));
            return;
        }
        relate(start, t.predicate(), end, t);
    }

    private void relate(String start, String predicate, String end, Triple t) {
        String id = Ids.relation(start, predicate, end, t.source());
        boolean endsExist = !created.containsKey(start) && !created.containsKey(end);
        relations.putIfAbsent(id, new BatchPlan.NewRelation(id, predicate, start, end, t.source(),
                t.evidence(), t.confidence(), endsExist));
    }

    /**
     * A crawl triple under the crawl rules ({@link CrawlRules}): the record (the disease the crawl lists the value
     * under) and the value are resolved, and where their types show the crawl's relation cannot be meant as written the
     * pair becomes a neutral association or is skipped, counted for the report.
     */
    private void crawlTriple(String file, long line, Triple t) {
        boolean complication = t.predicate().equals("COMPLICATION_OF");
        String recordName = complication ? t.object() : t.subject();
        String value = complication ? t.subject() : t.object();
        String valueType = complication ? t.subjectType() : t.objectType();
        String recordId = resolveOrCreate(file, line, complication ? "object" : "subject", recordName, "Disease",
                t.source());
        String recordType = resolver.byId(recordId).map(Resolver.Candidate::type).orElse("Disease");
        String example = recordName + ": " + value;
        if (t.predicate().equals("HAS_SYMPTOM")) {
            if (CrawlRules.labValue(value)) {
                crawl.note(CrawlRules.Rule.LAB_VALUE_AS_SYMPTOM, example);
                return;
            }
            Optional<Resolver.Candidate> inGroup = resolver.resolve(value, valueType);
            if (inGroup.isEmpty()) {
                Optional<Resolver.Candidate> other = resolver.resolveAnyType(value);
                if (other.isPresent()) {
                    Resolver.Candidate o = other.get();
                    if (o.type().equals("RiskFactor")) {
                        associate(recordId, recordType, o, t, CrawlRules.Rule.RISK_FACTOR_AS_SYMPTOM,
                                example + " → " + o.name() + " (RiskFactor)");
                    } else {
                        crawl.note(CrawlRules.Rule.NOT_A_SYMPTOM, example + " → " + o.name() + " (" + o.type() + ")");
                    }
                    return;
                }
            } else if (inGroup.get().type().equals("Disease") && inGroup.get().trusted()) {
                Resolver.Candidate d = inGroup.get();
                associate(recordId, recordType, d, t, CrawlRules.Rule.DISEASE_AS_SYMPTOM,
                        example + " → " + d.name() + " (Disease)");
                return;
            }
            String valueId = resolveOrCreate(file, line, "object", value, valueType, t.source());
            if (valueId.equals(recordId)) {
                crawl.note(CrawlRules.Rule.SELF_PAIR, example);
            } else if (recordType.equals("Symptom")) {
                associate(recordId, recordType, resolver.byId(valueId).orElseThrow(), t, CrawlRules.Rule.SYMPTOM_RECORD,
                        example + " (" + recordName + " is a Symptom)");
            } else {
                relate(recordId, t.predicate(), valueId, t);
            }
            return;
        }
        String valueId = resolveOrCreate(file, line, complication ? "subject" : "object", value, valueType, t.source());
        Resolver.Candidate v = resolver.byId(valueId).orElseThrow();
        if (valueId.equals(recordId)) {
            crawl.note(CrawlRules.Rule.SELF_PAIR, example);
        } else if (complication && v.type().equals("Symptom") && recordType.equals("Symptom")) {
            crawl.note(CrawlRules.Rule.SYMPTOM_SYMPTOM_COMPLICATION, value + " → " + recordName);
        } else if (complication && (v.type().equals("Symptom") || recordType.equals("Symptom"))) {
            associate(recordId, recordType, v, t, CrawlRules.Rule.SYMPTOM_COMPLICATION, value + " → " + recordName
                    + " (" + (v.type().equals("Symptom") ? value : recordName) + " is a Symptom)");
        } else {
            String start = complication ? valueId : recordId;
            String end = complication ? recordId : valueId;
            String startType = complication ? v.type() : recordType;
            String endType = complication ? recordType : v.type();
            if (vocabulary.allowed(t.predicate(), startType, endType)) {
                relate(start, t.predicate(), end, t);
            } else {
                crawl.note(CrawlRules.Rule.TYPE_MISMATCH, example + " (" + startType + " " + t.predicate() + " "
                        + endType + ")");
            }
        }
    }

    /** The record and the value as a neutral association, when the vocabulary takes their types; else skipped. */
    private void associate(String recordId, String recordType, Resolver.Candidate value, Triple t,
                           CrawlRules.Rule rule, String example) {
        if (!vocabulary.allowed(CrawlRules.ASSOCIATED_WITH, recordType, value.type())) {
            crawl.note(CrawlRules.Rule.TYPE_MISMATCH, example + " (no association between " + recordType + " and "
                    + value.type() + ")");
            return;
        }
        if (value.existing()) {
            touch(value.id());
        }
        crawl.note(rule, example);
        relate(recordId, CrawlRules.ASSOCIATED_WITH, value.id(), t);
    }

    private String resolveOrCreate(String file, long line, String field, String name, String type, String source) {
        Optional<Resolver.Candidate> match = resolver.resolve(name, type);
        if (match.isPresent()) {
            Resolver.Candidate c = match.get();
            if (c.existing()) {
                touch(c.id());
            }
            if (!c.byName() || !c.name().equals(name)) {
                resolutions.add(new Resolution(file, line, field, name, c.id(), c.name(), c.type(),
                        c.byName() ? Resolution.How.NAME : Resolution.How.ALIAS));
            }
            return c.id();
        }
        String id = generatedId(type, name);
        NewEntityBuilder b = create(id, type, name, source);
        resolver.register(id, type, name, b.keys(), false);
        resolutions.add(new Resolution(file, line, field, name, id, name, type, Resolution.How.NEW));
        return id;
    }

    private void passage(String file, long line, PassageRow p) {
        Set<String> ids = new LinkedHashSet<>();
        for (String ref : p.entities()) {
            Optional<Resolver.Candidate> c = resolver.byId(ref).or(() -> resolver.resolveAnyType(ref));
            if (c.isEmpty()) {
                errors.add(new LoadResult.FileError(file, line, "entities", "no entity with id or name \"" + ref + "\""));
                continue;
            }
            if (c.get().existing()) {
                touch(c.get().id());
            }
            ids.add(c.get().id());
        }
        passages.putIfAbsent(p.id(), new BatchPlan.NewPassage(p.id(), p.title(), p.text(), p.source(),
                List.copyOf(ids), p.topic(), p.lang(), p.translationOf(), p.population()));
    }

    private void extend(Resolver.Candidate c, List<String> names, Optional<String> source, String description,
                        String descriptionEn) {
        if (!c.existing()) {
            NewEntityBuilder b = created.get(c.id());
            names.forEach(b::alias);
            source.ifPresent(b.sources::add);
            if (b.description.isBlank() && !description.isBlank()) {
                b.description = description;
            }
            if (b.descriptionEn.isBlank() && !descriptionEn.isBlank()) {
                b.descriptionEn = descriptionEn;
            }
            resolver.register(c.id(), c.type(), c.name(), b.keys(), false);
            return;
        }
        TouchBuilder t = touch(c.id());
        for (String n : names) {
            String k = Resolver.key(n);
            if (!n.equals(c.name())) {
                t.aliases.add(n);
            }
            if (!resolver.hasKey(c.id(), k)) {
                t.keys.add(k);
            }
        }
        source.ifPresent(t.sources::add);
        if (t.description.isBlank() && !description.isBlank()) {
            t.description = description;
        }
        if (t.descriptionEn.isBlank() && !descriptionEn.isBlank()) {
            t.descriptionEn = descriptionEn;
        }
        resolver.register(c.id(), c.type(), c.name(), List.copyOf(t.keys), true);
    }

    private TouchBuilder touch(String id) {
        return touched.computeIfAbsent(id, TouchBuilder::new);
    }

    private NewEntityBuilder create(String id, String type, String name, String source) {
        NewEntityBuilder b = created.computeIfAbsent(id, i -> new NewEntityBuilder(i, type, name));
        b.sources.add(source);
        return b;
    }

    /** A new entity's id: stable for the same concept (type group and matching key), so a re-load finds it again. */
    String generatedId(String type, String name) {
        return resolver.newId(type, name);
    }

    static String hash(String s, int hexChars) {
        return Ids.sha256Hex(s, hexChars);
    }

    private static final class NewEntityBuilder {
        final String id;
        final String type;
        final String name;
        final Set<String> aliases = new LinkedHashSet<>();
        final Set<String> sources = new LinkedHashSet<>();
        String description = "";
        String descriptionEn = "";

        NewEntityBuilder(String id, String type, String name) {
            this.id = id;
            this.type = type;
            this.name = name;
        }

        void alias(String a) {
            if (!a.equals(name)) {
                aliases.add(a);
            }
        }

        List<String> keys() {
            Set<String> keys = new LinkedHashSet<>();
            keys.add(Resolver.key(name));
            aliases.forEach(a -> keys.add(Resolver.key(a)));
            return List.copyOf(keys);
        }

        BatchPlan.NewEntity build() {
            return new BatchPlan.NewEntity(id, type, name, List.copyOf(aliases), description, List.copyOf(sources),
                    keys(), descriptionEn);
        }
    }

    private static final class TouchBuilder {
        final String id;
        final Set<String> aliases = new LinkedHashSet<>();
        final Set<String> keys = new LinkedHashSet<>();
        final Set<String> sources = new LinkedHashSet<>();
        String description = "";
        String descriptionEn = "";

        TouchBuilder(String id) {
            this.id = id;
        }

        BatchPlan.EntityTouch build() {
            return new BatchPlan.EntityTouch(id, List.copyOf(aliases), List.copyOf(keys), List.copyOf(sources),
                    description.isBlank() ? Optional.empty() : Optional.of(description),
                    descriptionEn.isBlank() ? Optional.empty() : Optional.of(descriptionEn));
        }
    }
}
