package org.strokekg.ingest;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The rules that import the xywy crawl faithfully (ingest/MAPPINGS.md, "Crawl rules"): the crawl lists under a disease's
 * {@code symptoms} anything seen with it (高血压 under 脑出血, white-cell counts, risk factors) and pairs symptoms as
 * each other's complications. After resolution, when the types of the two ends show that the crawl's relation cannot be
 * meant as written, the pair is kept as a neutral {@code ASSOCIATED_WITH} (the crawl saw the two together) or skipped.
 * Counts each rule with examples for the load report. One instance per batch plan; not thread-safe.
 */
final class CrawlRules {

    static final String ASSOCIATED_WITH = "ASSOCIATED_WITH";
    private static final int EXAMPLES = 5;

    /** Each rule: what becomes of the value, and why. */
    enum Rule {
        DISEASE_AS_SYMPTOM("association", "a symptoms value names a disease (typed Disease by a curated or "
                + "reviewed source): a disease is not a symptom of another"),
        RISK_FACTOR_AS_SYMPTOM("association", "a symptoms value names a risk factor"),
        LAB_VALUE_AS_SYMPTOM("skipped", "a symptoms value is a laboratory or measured finding "
                + "(血小板减少, 血沉增快, 尿蛋白阳性…), not a symptom"),
        NOT_A_SYMPTOM("skipped", "a symptoms value names an entity of another kind (an examination, a body part, "
                + "a drug, a food…)"),
        SYMPTOM_RECORD("association", "the record itself resolves to a symptom: its \"symptoms\" are symptoms seen "
                + "with a symptom"),
        SYMPTOM_SYMPTOM_COMPLICATION("skipped", "a complication pair of two symptoms (眩晕 as a complication of 头痛)"),
        SYMPTOM_COMPLICATION("association", "a complication pair with a symptom at one end: a symptom is not a "
                + "complication"),
        TYPE_MISMATCH("skipped", "after resolution the predicate does not take the two ends' types "
                + "(a symptom's department or foods)"),
        SELF_PAIR("skipped", "both ends are one entity after resolution");

        final String action;
        final String why;

        Rule(String action, String why) {
            this.action = action;
            this.why = why;
        }
    }

    /**
     * A laboratory or measured finding: an analyte (blood counts, enzymes, proteins, electrolytes, sugar, lipids, urine
     * and fluid measures) followed by a change. Blood pressure and intracranial or eye pressure are not here: they are
     * examined signs the seed itself types (颅内压增高 is a complication there).
     */
    private static final Pattern LAB = Pattern.compile(
            "^.{0,6}(白细胞|红细胞|血小板|粒细胞|淋巴细胞|单核细胞|血红蛋白|血沉|血糖|血脂|胆固醇|甘油三酯|胆红素|转氨酶"
                    + "|[\\p{IsHan}]{0,5}酶|肌酐|尿素氮|尿酸|白蛋白|球蛋白|免疫球蛋白|抗体|抗原|补体|血钾|血钠|血钙|血镁"
                    + "|血磷|尿钙|尿磷|尿蛋白|蛋白尿|尿糖|尿比重|尿渗透压|渗透压|血氧饱和度|红细胞压积|甲胎蛋白|肌红蛋白|"
                    + "血液粘度|血液粘滞度|血浆|血清|脑脊液|尿常规|大便常规|血常规|[\\p{IsHan}]{0,4}蛋白)"
                    + ".{0,8}(升高|增高|降低|减低|增多|减少|阳性|阴性|异常|偏高|偏低|增加|下降|上升|过高|过低|增快|减慢)$");

    private final Map<Rule, long[]> counts = new EnumMap<>(Rule.class);
    private final Map<Rule, List<String>> examples = new EnumMap<>(Rule.class);

    static boolean labValue(String name) {
        return LAB.matcher(name).matches();
    }

    /** Counts a use of {@code rule}, keeping the first few examples. */
    void note(Rule rule, String example) {
        counts.computeIfAbsent(rule, r -> new long[1])[0]++;
        List<String> list = examples.computeIfAbsent(rule, r -> new ArrayList<>());
        if (list.size() < EXAMPLES && !list.contains(example)) {
            list.add(example);
        }
    }

    /** What was remapped or skipped, by rule, in the rules' order. */
    List<CrawlMapping> report() {
        List<CrawlMapping> out = new ArrayList<>();
        counts.forEach((rule, n) -> out.add(new CrawlMapping(rule.name().toLowerCase(java.util.Locale.ROOT)
                .replace('_', '-'), rule.action, rule.why, n[0], examples.get(rule))));
        return out;
    }
}
