package org.strokekg.rag;

import java.util.List;
import java.util.Map;

/**
 * How a relation reads as a clause, in Chinese and English. {@code {S}} is the relation's start and {@code {O}} its
 * end; either may be a list ("A[1]、B[2]和C[3]"). Written once here so evidence answers and the model prompt describe
 * facts the same way.
 */
final class Phrases {

    private static final Map<String, String> ZH = Map.ofEntries(
            Map.entry("SUBTYPE_OF", "{S}属于{O}"),
            Map.entry("HAS_SYMPTOM", "{S}可出现{O}"),
            Map.entry("WARNING_SIGN_OF", "{S}是{O}的预警信号"),
            Map.entry("RISK_FACTOR_OF", "{S}是{O}的危险因素"),
            Map.entry("CAUSES", "{S}可导致{O}"),
            Map.entry("COMPLICATION_OF", "{S}是{O}的并发症"),
            Map.entry("DIAGNOSED_BY", "{S}可通过{O}诊断"),
            Map.entry("ASSESSED_BY", "{S}可用{O}评估"),
            Map.entry("TREATED_BY", "{S}可采用{O}治疗"),
            Map.entry("REHABILITATED_BY", "{S}的康复可采用{O}"),
            Map.entry("PREVENTED_BY", "{S}可通过{O}预防"),
            Map.entry("MANAGED_BY", "{S}的护理措施包括{O}"),
            Map.entry("MONITORED_BY", "{S}的监测指标是{O}"),
            Map.entry("USES", "{S}需用到{O}"),
            Map.entry("CONTRAINDICATED_WITH", "{S}与{O}存在禁忌"),
            Map.entry("LOCATED_IN", "{S}发生于{O}"),
            Map.entry("BELONGS_TO", "{S}就诊于{O}"),
            Map.entry("RECOMMENDED_FOOD", "{S}宜吃{O}"),
            Map.entry("AVOID_FOOD", "{S}忌吃{O}"),
            Map.entry("ASSOCIATED_WITH", "{S}与{O}相关"));

    private static final Map<String, String> EN = Map.ofEntries(
            Map.entry("SUBTYPE_OF", "{S} is a type of {O}"),
            Map.entry("HAS_SYMPTOM", "{S} can present with {O}"),
            Map.entry("WARNING_SIGN_OF", "{S} is a warning sign of {O}"),
            Map.entry("RISK_FACTOR_OF", "{S} is a risk factor for {O}"),
            Map.entry("CAUSES", "{S} can cause {O}"),
            Map.entry("COMPLICATION_OF", "{S} is a complication of {O}"),
            Map.entry("DIAGNOSED_BY", "{S} is diagnosed with {O}"),
            Map.entry("ASSESSED_BY", "{S} is assessed with {O}"),
            Map.entry("TREATED_BY", "{S} is treated with {O}"),
            Map.entry("REHABILITATED_BY", "rehabilitation of {S} uses {O}"),
            Map.entry("PREVENTED_BY", "{S} is prevented by {O}"),
            Map.entry("MANAGED_BY", "{S} is managed with {O}"),
            Map.entry("MONITORED_BY", "{S} is monitored with the {O}"),
            Map.entry("USES", "{S} uses {O}"),
            Map.entry("CONTRAINDICATED_WITH", "{S} is contraindicated with {O}"),
            Map.entry("LOCATED_IN", "{S} affects {O}"),
            Map.entry("BELONGS_TO", "{S} is seen in {O}"),
            Map.entry("RECOMMENDED_FOOD", "recommended foods for {S} include {O}"),
            Map.entry("AVOID_FOOD", "foods to avoid with {S} include {O}"),
            Map.entry("ASSOCIATED_WITH", "{S} is associated with {O}"));

    /** English clauses whose subject is a list of several: "A and B are risk factors for X". */
    private static final Map<String, String> EN_PLURAL = Map.ofEntries(
            Map.entry("SUBTYPE_OF", "{S} are types of {O}"),
            Map.entry("WARNING_SIGN_OF", "{S} are warning signs of {O}"),
            Map.entry("RISK_FACTOR_OF", "{S} are risk factors for {O}"),
            Map.entry("CAUSES", "{S} can cause {O}"),
            Map.entry("COMPLICATION_OF", "{S} are complications of {O}"),
            Map.entry("HAS_SYMPTOM", "{S} can present with {O}"),
            Map.entry("DIAGNOSED_BY", "{S} are diagnosed with {O}"),
            Map.entry("ASSESSED_BY", "{S} are assessed with {O}"),
            Map.entry("TREATED_BY", "{S} are treated with {O}"),
            Map.entry("PREVENTED_BY", "{S} are prevented by {O}"),
            Map.entry("MANAGED_BY", "{S} are managed with {O}"),
            Map.entry("MONITORED_BY", "{S} are monitored with the {O}"),
            Map.entry("USES", "{S} use {O}"),
            Map.entry("CONTRAINDICATED_WITH", "{S} are contraindicated with {O}"),
            Map.entry("LOCATED_IN", "{S} affect {O}"),
            Map.entry("BELONGS_TO", "{S} are seen in {O}"));

    private Phrases() {
    }

    /** A clause whose subject is a list of {@code count} items (English agrees in number). */
    static String clause(String predicate, String subject, String object, boolean english, int subjects) {
        if (english && subjects > 1 && EN_PLURAL.containsKey(predicate)) {
            return EN_PLURAL.get(predicate).replace("{S}", subject).replace("{O}", object);
        }
        return clause(predicate, subject, object, english);
    }

    /** "采用抗血小板治疗[7]治疗" reads "采用抗血小板治疗[7]": a name that already says 治疗 or 疗法 needs no second one. */
    private static final java.util.regex.Pattern DOUBLE_TREATMENT =
            java.util.regex.Pattern.compile("(治疗|疗法|疗)((?:（[^）]*）)?(?:\\[\\d+])*)治疗");

    static String clause(String predicate, String subject, String object, boolean english) {
        String t = (english ? EN : ZH).getOrDefault(predicate, english ? "{S} " + predicate + " {O}" : "{S}与{O}相关");
        String c = t.replace("{S}", subject).replace("{O}", object);
        return english ? c : DOUBLE_TREATMENT.matcher(c).replaceAll("$1$2");
    }

    /** "A、B和C" or "A, B and C". */
    static String list(List<String> items, boolean english) {
        if (items.size() == 1) {
            return items.getFirst();
        }
        String sep = english ? ", " : "、";
        String and = english ? " and " : "和";
        return String.join(sep, items.subList(0, items.size() - 1)) + and + items.getLast();
    }
}
