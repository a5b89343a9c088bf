package org.strokekg.rag;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a question asks about, from its words: treatment, rehabilitation, symptoms, causes and risks… Each intent
 * prefers some relation types, so 「中风后手臂僵硬怎么办」 brings treatments and rehabilitation methods first and
 * 「脑梗死和高血压有什么关系」 risk factors and causes. Keywords are matched on the normalised question (simplified,
 * lower case), so traditional and English questions work too.
 */
enum Intent {
    TREATMENT(List.of("治疗", "怎么办", "怎么治", "如何治", "用药", "吃什么药", "用什么药", "药物", "缓解", "改善", "处理",
            "溶栓", "取栓", "治", "treat", "therapy", "medication", "drug", "manage", "what to do", "thromboly"),
            List.of("TREATED_BY", "REHABILITATED_BY", "MANAGED_BY", "USES", "CONTRAINDICATED_WITH", "PREVENTED_BY")),
    REHABILITATION(List.of("康复", "复健", "训练", "锻炼", "恢复", "功能", "rehab", "exercise", "recover", "physiotherap",
            "therapy"), List.of("REHABILITATED_BY", "TREATED_BY", "ASSESSED_BY", "USES", "MANAGED_BY")),
    SYMPTOM(List.of("症状", "表现", "征兆", "信号", "早期", "预警", "先兆", "symptom", "sign", "warning"),
            List.of("WARNING_SIGN_OF", "HAS_SYMPTOM", "COMPLICATION_OF")),
    CAUSE(List.of("原因", "为什么", "引起", "导致", "危险因素", "风险", "关系", "有关", "影响", "cause", "risk", "why",
            "relation", "link"), List.of("RISK_FACTOR_OF", "CAUSES", "SUBTYPE_OF", "COMPLICATION_OF")),
    DIAGNOSIS(List.of("检查", "诊断", "评估", "量表", "评分", "分期", "分级", "鉴别", "diagnos", "test", "scan", "scale",
            "score", "assess", "stage"), List.of("DIAGNOSED_BY", "ASSESSED_BY", "USES")),
    PREVENTION(List.of("预防", "复发", "二级预防", "避免", "防止", "prevent", "recurren", "avoid"),
            List.of("PREVENTED_BY", "RISK_FACTOR_OF", "TREATED_BY")),
    CARE(List.of("护理", "照顾", "照护", "家属", "家里", "居家", "在家", "注意", "陪护", "care", "caregiver", "home", "nurse"),
            List.of("MANAGED_BY", "PREVENTED_BY", "REHABILITATED_BY", "USES")),
    COMPLICATION(List.of("并发症", "后遗症", "合并", "complication", "sequel"), List.of("COMPLICATION_OF", "CAUSES")),
    DEFINITION(List.of("什么是", "是什么", "是指", "定义", "分类", "类型", "哪些类型", "what is", "what are", "type"),
            List.of("SUBTYPE_OF", "HAS_SYMPTOM", "LOCATED_IN")),
    FOOD(List.of("饮食", "吃什么", "忌口", "食物", "能吃", "不能吃", "diet", "food", "eat"),
            List.of("RECOMMENDED_FOOD", "AVOID_FOOD"));

    /** Relation types for a question with no recognisable intent: a short overview. */
    static final List<String> OVERVIEW = List.of("SUBTYPE_OF", "HAS_SYMPTOM", "RISK_FACTOR_OF", "TREATED_BY",
            "REHABILITATED_BY", "COMPLICATION_OF", "DIAGNOSED_BY", "WARNING_SIGN_OF", "CAUSES", "ASSESSED_BY",
            "PREVENTED_BY", "MANAGED_BY", "USES");

    private final List<String> keywords;
    private final List<String> relations;

    Intent(List<String> keywords, List<String> relations) {
        this.keywords = keywords;
        this.relations = relations;
    }

    static Set<Intent> of(String normalisedQuestion) {
        Set<Intent> found = EnumSet.noneOf(Intent.class);
        for (Intent i : values()) {
            for (String k : i.keywords) {
                if (normalisedQuestion.contains(k)) {
                    found.add(i);
                    break;
                }
            }
        }
        // 吃什么药 is about drugs, not diet
        if (found.contains(FOOD) && normalisedQuestion.contains("药")) {
            found.remove(FOOD);
        }
        return found;
    }

    /** Weight of each relation type for these intents: earlier intents' earlier relations weigh most. */
    static Map<String, Double> weights(Set<Intent> intents) {
        Map<String, Double> w = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        for (Intent i : intents) {
            order.addAll(i.relations);
        }
        if (order.isEmpty()) {
            order.addAll(OVERVIEW);
        }
        for (int i = 0; i < order.size(); i++) {
            w.merge(order.get(i), 1.0 - Math.min(0.9, i * 0.05), Math::max);
        }
        return w;
    }
}
