package org.strokekg.rag;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.strokekg.graph.Around;
import org.strokekg.graph.Entity;
import org.strokekg.graph.GraphPath;
import org.strokekg.graph.GraphQueries;
import org.strokekg.graph.Relation;
import org.strokekg.rag.Evidence.Fact;
import org.strokekg.rag.Evidence.Role;
import org.strokekg.rag.Evidence.Why;
import org.strokekg.rag.Frame.Caution;
import org.strokekg.rag.Frame.Patient;
import org.strokekg.text.TextNormalizer;

/**
 * Treatments that may not fit the patient the question describes are shown as cautions, never recommended: one the
 * graph marks as contraindicated with something the patient has; an antithrombotic (antiplatelet, anticoagulant,
 * thrombolytic) for a patient with bleeding, a low platelet count or already on an anticoagulant; a drug or treatment
 * for a child or infant (the curated knowledge is about adults); a drug in pregnancy or with a stated allergy. Facts
 * carrying adult figures (blood-pressure targets, doses) and adult stroke subtypes are left out for a child.
 */
final class Cautions {

    private static final Set<String> INTERVENTIONS = Set.of("Drug", "Treatment");
    static final Pattern ANTITHROMBOTIC = Pattern.compile("阿司匹林|氯吡格雷|替格瑞洛|西洛他唑|双嘧达莫|吲哚布芬|华法林|肝素"
            + "|达比加群|利伐沙班|阿哌沙班|艾多沙班|依度沙班|阿替普酶|替奈普酶|尿激酶|溶栓|抗凝|抗血小板|抗栓|降纤|aspirin|clopidogrel"
            + "|ticagrelor|cilostazol|dipyridamole|warfarin|heparin|dabigatran|rivaroxaban|apixaban|edoxaban|alteplase"
            + "|tenecteplase|urokinase|thromboly|anticoag|antiplatelet|antithromb");
    /** An evidence note that ties a treatment to the first hours or the acute phase. */
    private static final Pattern ACUTE_WINDOW = Pattern.compile("发病\\d+(\\.\\d+)?小时|\\d+(\\.\\d+)?小时内|急性期|超早期|溶栓前|取栓");
    /**
     * A note preferring the new oral anticoagulants to warfarin: a recommendation for non-valvular atrial fibrillation,
     * which does not hold where the question states rheumatic mitral stenosis or a mechanical valve.
     */
    static final Pattern NOAC_PREFERRED = Pattern.compile("(新型|非维生素k拮抗剂|直接)口服抗凝药?[^。；]{0,6}优于华法林"
            + "|\\b(noacs?|doacs?|direct oral anticoagulants?|new oral anticoagulants?)\\b[^.;]{0,40}\\b(over|rather than|"
            + "instead of|preferred to)\\b[^.;]{0,10}warfarin");
    private static final Pattern REVERSAL = Pattern.compile("逆转|拮抗|中和|reversal|antidote");
    /** Figures that hold for adults: pressures, doses, concentrations. */
    private static final Pattern ADULT_FIGURE = Pattern.compile("mmhg|mg|mmol|μg|ug/|\\d+\\s*(毫克|克)");

    private Cautions() {
    }

    /** A treatment too general to say anything (药物治疗, 支持性治疗, 手术治疗). */
    static boolean generic(Entity e) {
        return FrameReader.GENERIC.contains(e.name());
    }

    static boolean antithrombotic(Entity e) {
        if (REVERSAL.matcher(e.name()).find()) {
            return false; // 抗凝逆转 stops bleeding: the opposite of an antithrombotic
        }
        if (ANTITHROMBOTIC.matcher(TextNormalizer.forMatching(e.name())).find()) {
            return true;
        }
        return e.aliases().stream().anyMatch(a -> ANTITHROMBOTIC.matcher(TextNormalizer.forMatching(a)).find());
    }

    /** Words of care that lasts beyond the acute phase: a description naming them is not of the first hours only. */
    private static final Pattern LASTING = Pattern.compile("二级预防|长期|慢性|恢复期|后遗症|\\bsecondary prevention\\b|\\blong-term\\b");

    /**
     * Whether a fact is acute-phase care only (for a stroke long past, 「去年…轻微脑梗塞」): its note is advice of the
     * acute phase (「未溶栓者尽早口服阿司匹林150～300mg/d」), or the treatment or test it names is, by the graph's own
     * description, a thing of the acute phase and of nothing later (血管内治疗 「…机械取栓」, CT灌注成像 「…取栓的患者
     * 筛选」, 心肌损伤标志物 「卒中急性期常规检查」). What the question names itself is kept.
     */
    private static boolean acuteOnly(Fact f, Set<String> named) {
        if (f.role() == Role.CAUTION || named.contains(f.end().id())) {
            return false;
        }
        if (f.relation().evidence().filter(e -> LeftOut.acutePhase(TextNormalizer.forMatching(e))).isPresent()) {
            return true;
        }
        String d = TextNormalizer.forMatching(f.end().description());
        return !f.end().type().equals("Disease") && !f.end().type().equals("Complication")
                && LeftOut.acutePhase(d) && !LASTING.matcher(d).find();
    }

    /** The graph's name of the condition the VALVULAR caution states. */
    private static final String VALVE_DISEASE = "心脏瓣膜病";

    static List<Fact> apply(GraphQueries graph, Frame frame, List<Fact> facts, Set<String> named) {
        Patient patient = frame.patient();
        List<Fact> kept = new ArrayList<>();
        // the causes of stroke in young adults are not this patient's when the question says they are not young
        Set<String> young = PatientFit.notYoung(frame)
                ? PatientFit.youngCauses(graph, facts.stream().filter(PatientFit::causeFact).toList()) : Set.of();
        for (Fact f : facts) {
            if (PatientFit.causeFact(f) && young.contains(f.start().id())
                    && frame.focus().filter(x -> x.id().equals(f.start().id())).isEmpty()) {
                continue;
            }
            if (frame.setting() == Frame.Setting.HISTORY && (f.relation().evidence()
                    .filter(e -> ACUTE_WINDOW.matcher(e).find()).isPresent() || acuteOnly(f, named))) {
                continue; // a treatment of the first hours says nothing to someone whose stroke was months ago
            }
            if (patient.young() && (f.relation().evidence().filter(e -> ADULT_FIGURE.matcher(e.toLowerCase()).find())
                    .isPresent() || (f.relation().type().equals("SUBTYPE_OF") && frame.aspect() != Frame.Aspect.DEFINITION))) {
                continue; // adult targets and adult subtypes say nothing true of a child
            }
            kept.add(f);
        }
        Map<String, Entity> interventions = new LinkedHashMap<>();
        for (Fact f : kept) {
            Entity e = f.end();
            if (INTERVENTIONS.contains(e.type())) {
                interventions.putIfAbsent(e.id(), e);
            }
        }
        frame.others().stream().filter(o -> INTERVENTIONS.contains(o.type())).forEach(o -> kept.stream()
                .flatMap(f -> f.path().nodes().stream()).filter(n -> n.id().equals(o.id())).findFirst()
                .ifPresent(n -> interventions.putIfAbsent(n.id(), n)));
        if (interventions.isEmpty()) {
            return kept;
        }
        Set<String> patientHas = new HashSet<>(named);
        frame.focus().ifPresent(f -> patientHas.add(f.id()));
        patientHas.addAll(patient.history());
        // a drug of a class shares the class's contraindications (阿哌沙班 of the 新型口服抗凝药 that valve disease rules
        // out): the class is read with its members
        Map<String, List<String>> members = new LinkedHashMap<>();
        for (Around a : graph.around(List.copyOf(interventions.keySet()), Set.of("SUBTYPE_OF"), 100)) {
            a.hops().stream().filter(h -> h.relation().startId().equals(a.center().id())
                            && INTERVENTIONS.contains(h.other().type()))
                    .forEach(h -> members.computeIfAbsent(h.other().id(), k -> new ArrayList<>()).add(a.center().id()));
        }
        Set<String> read = new java.util.LinkedHashSet<>(interventions.keySet());
        read.addAll(members.keySet());
        Map<String, Fact> contraindicated = new LinkedHashMap<>();
        for (Around a : graph.around(List.copyOf(read), Set.of("CONTRAINDICATED_WITH"), 100)) {
            for (Around.Hop h : a.hops()) {
                Relation r = h.relation();
                // valve disease stated in other words (「风湿性二尖瓣狭窄」, read as the VALVULAR caution) is the graph's
                // 心脏瓣膜病: its contraindications (the new oral anticoagulants) hold for this patient too
                boolean valvular = patient.cautions().contains(Caution.VALVULAR)
                        && VALVE_DISEASE.equals(h.other().name());
                if (r.startId().equals(a.center().id()) && (patientHas.contains(h.other().id()) || valvular)) {
                    Fact c = new Fact(new GraphPath(List.of(a.center(), h.other()), List.of(r)), frame.aspect(),
                            Role.CAUTION, Why.CONTRAINDICATED, Provenance.curated(r));
                    contraindicated.putIfAbsent(a.center().id(), c);
                    members.getOrDefault(a.center().id(), List.of()).forEach(m -> contraindicated.putIfAbsent(m, c));
                }
            }
        }
        Set<String> cautioned = new HashSet<>();
        boolean bleeding = patient.cautions().contains(Caution.BLEEDING) || patient.cautions().contains(Caution.LOW_PLATELETS)
                || patient.cautions().contains(Caution.ANTICOAGULATED);
        List<Fact> out = new ArrayList<>();
        for (Fact f : kept) {
            Entity e = f.end();
            Why why = Why.NONE;
            boolean noacPreferred = f.relation().evidence()
                    .filter(n -> NOAC_PREFERRED.matcher(TextNormalizer.forMatching(n).toLowerCase(java.util.Locale.ROOT))
                            .find()).isPresent();
            if (patient.cautions().contains(Caution.VALVULAR) && noacPreferred) {
                why = Why.VALVULAR; // the patient stated overrides the general preference: said as a caution
            } else if (INTERVENTIONS.contains(e.type())) {
                if (contraindicated.containsKey(e.id())) {
                    why = Why.CONTRAINDICATED;
                } else if (bleeding && antithrombotic(e)) {
                    why = Why.BLEEDING_RISK;
                } else if (patient.young()) {
                    why = Why.CHILD;
                } else if (patient.pregnant() && e.type().equals("Drug")) {
                    why = Why.PREGNANCY;
                } else if (patient.cautions().contains(Caution.ALLERGY) && named.contains(e.id())) {
                    why = Why.ALLERGY;
                }
            }
            out.add(why == Why.NONE ? f : new Fact(f.path(), f.aspect(), Role.CAUTION, why, f.curated()));
            if (why == Why.CONTRAINDICATED) {
                Fact c = contraindicated.remove(e.id());
                if (cautioned.add(c.relation().id())) { // a class's contraindication said once for all its members
                    out.add(new Fact(c.path(), f.aspect(), Role.CAUTION, Why.CONTRAINDICATED, c.curated()));
                }
            }
        }
        return out;
    }
}
