package org.strokekg.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Each hygiene rule on values of the kind the xywy crawl holds (written here, not copied), with the near misses each
 * rule must let through: a rule that removed good knowledge would show here first.
 */
class HygieneTest {

    private static Optional<Hygiene.Rule> fact(String type, String start, String end) {
        return Hygiene.fact(type, start, end);
    }

    @Test
    void fragmentsAreCutValuesAndListsOfCare() {
        assertThat(Hygiene.name("药物治疗、手术治疗和")).contains(Hygiene.Rule.FRAGMENT);
        assertThat(Hygiene.name("心理、康复治疗等")).contains(Hygiene.Rule.FRAGMENT);
        assertThat(Hygiene.name("腓肠肌强直收缩...")).contains(Hygiene.Rule.FRAGMENT);
        assertThat(Hygiene.name("发热伴咳嗽、咯…")).contains(Hygiene.Rule.FRAGMENT);
        assertThat(Hygiene.name("核心抗体（抗H")).contains(Hygiene.Rule.FRAGMENT);
        assertThat(Hygiene.name("抗结核治疗，")).contains(Hygiene.Rule.FRAGMENT);
        assertThat(Hygiene.name("介入治疗、肝移植治疗、药物治疗")).contains(Hygiene.Rule.FRAGMENT);
        // one name holding a list mark, a bracketed qualifier, a name starting with 和: whole
        assertThat(Hygiene.name("肝、胆、脾CT检查")).isEmpty();
        assertThat(Hygiene.name("腹痛伴恶心、呕吐")).isEmpty();
        assertThat(Hygiene.name("辣椒(红、尖、干)")).isEmpty();
        assertThat(Hygiene.name("结核菌素试验（OT,PPD）")).isEmpty();
        assertThat(Hygiene.name("和血明目片")).isEmpty();
        assertThat(Hygiene.name("丙戊酸钠片")).isEmpty();
    }

    @Test
    void placeholdersAreGenericKindsOfCare() {
        assertThat(Hygiene.name("其他治疗")).contains(Hygiene.Rule.PLACEHOLDER);
        assertThat(Hygiene.name("药物治疗")).contains(Hygiene.Rule.PLACEHOLDER);
        assertThat(Hygiene.name("支持性治疗")).contains(Hygiene.Rule.PLACEHOLDER);
        assertThat(Hygiene.name("其他科室")).contains(Hygiene.Rule.PLACEHOLDER);
        assertThat(fact("TREATED_BY", "小儿肾小管病", "其他治疗")).contains(Hygiene.Rule.PLACEHOLDER);
        // a specific therapy, and a disease whose name begins with 其他
        assertThat(Hygiene.name("康复治疗")).isEmpty();
        assertThat(Hygiene.name("抗癫痫药物治疗")).isEmpty();
        assertThat(Hygiene.name("其他类精神活性物质依赖")).isEmpty();
    }

    @Test
    void mechanismsAreNotSymptoms() {
        assertThat(fact("HAS_SYMPTOM", "癫痫", "钙离子内流")).contains(Hygiene.Rule.MECHANISM_AS_SYMPTOM);
        assertThat(fact("HAS_SYMPTOM", "肝炎", "炎性细胞浸润")).contains(Hygiene.Rule.MECHANISM_AS_SYMPTOM);
        assertThat(fact("HAS_SYMPTOM", "脊髓病", "脊髓内胶质增生")).contains(Hygiene.Rule.MECHANISM_AS_SYMPTOM);
        // what a patient shows, and a disease name (another rule's matter)
        assertThat(fact("HAS_SYMPTOM", "中耳炎", "耳内流脓")).isEmpty();
        assertThat(fact("HAS_SYMPTOM", "癫痫", "双眼向上凝视")).isEmpty();
        assertThat(fact("HAS_SYMPTOM", "皮肤病", "鳞状细胞癌")).isEmpty();
        // the rule is about symptoms only
        assertThat(fact("DIAGNOSED_BY", "癫痫", "钙离子测定")).isEmpty();
    }

    @Test
    void dishesAndSweetsAreNotDietAdvice() {
        assertThat(fact("RECOMMENDED_FOOD", "胃炎", "红枣黑豆粥")).contains(Hygiene.Rule.DISH_AS_FOOD);
        assertThat(fact("RECOMMENDED_FOOD", "高血压", "素熘菜花")).contains(Hygiene.Rule.DISH_AS_FOOD);
        assertThat(fact("RECOMMENDED_FOOD", "贫血", "糖醋草鱼")).contains(Hygiene.Rule.DISH_AS_FOOD);
        assertThat(fact("RECOMMENDED_FOOD", "糖尿病", "赤砂糖")).contains(Hygiene.Rule.SWEET_FOR_DIABETES);
        // raw foods, with the crawl's qualifiers; sugar for someone without diabetes; foods to avoid
        assertThat(fact("RECOMMENDED_FOOD", "胃炎", "松子（炒）")).isEmpty();
        assertThat(fact("RECOMMENDED_FOOD", "胃炎", "绿豆面")).isEmpty();
        assertThat(fact("RECOMMENDED_FOOD", "糖尿病", "芹菜")).isEmpty();
        assertThat(fact("RECOMMENDED_FOOD", "低血糖", "赤砂糖")).isEmpty();
        assertThat(fact("AVOID_FOOD", "糖尿病", "红烧肉")).isEmpty();
        assertThat(Hygiene.sweet("木糖醇")).isFalse();
    }

    @Test
    void formulasTonicsAndBloodThinnersForBleedsAreNotTreatments() {
        assertThat(fact("TREATED_BY", "癫痫", "白金丸")).contains(Hygiene.Rule.TCM_FORMULA_AS_TREATMENT);
        assertThat(fact("TREATED_BY", "癫痫", "珍珠末")).contains(Hygiene.Rule.TCM_FORMULA_AS_TREATMENT);
        assertThat(fact("TREATED_BY", "不育症", "参茸强肾片")).contains(Hygiene.Rule.TCM_FORMULA_AS_TREATMENT);
        assertThat(fact("TREATED_BY", "脑出血", "长春西汀片")).contains(Hygiene.Rule.BLOOD_FLOW_FOR_BLEED);
        assertThat(fact("TREATED_BY", "消化道出血", "银杏叶片")).contains(Hygiene.Rule.BLOOD_FLOW_FOR_BLEED);
        // Western preparations ending alike, a vasodilator for an infarct, a hemostatic for a bleed, nimodipine
        assertThat(fact("TREATED_BY", "性腺功能减退", "十一酸睾酮胶丸")).isEmpty();
        assertThat(fact("TREATED_BY", "湿疹", "丙酸氯倍他索乳膏")).isEmpty();
        assertThat(fact("TREATED_BY", "脚气病", "维生素B1丸")).isEmpty();
        assertThat(fact("TREATED_BY", "脑梗死", "长春西汀片")).isEmpty();
        assertThat(fact("TREATED_BY", "消化道出血", "注射用血凝酶（止血）")).isEmpty();
        assertThat(fact("TREATED_BY", "蛛网膜下腔出血", "尼莫地平片")).isEmpty();
    }

    @Test
    void aDiseaseIsNotTheComplicationOfItsOwnKind() {
        assertThat(fact("COMPLICATION_OF", "乙肝", "慢性肝病")).contains(Hygiene.Rule.CATEGORY_COMPLICATION);
        assertThat(fact("COMPLICATION_OF", "脑梗死", "脑血管病")).contains(Hygiene.Rule.CATEGORY_COMPLICATION);
        // the category as the complication, and a complication of another organ
        assertThat(fact("COMPLICATION_OF", "慢性肝病", "乙肝")).isEmpty();
        assertThat(fact("COMPLICATION_OF", "肺部感染", "脑血管病")).isEmpty();
        assertThat(fact("COMPLICATION_OF", "肝硬化", "乙肝")).isEmpty();
    }

    @Test
    void attributeLinesAreNotQuoted() {
        assertThat(Hygiene.sentence("治疗周期：120天(一些脑血管疾病无法治愈)。")).contains(Hygiene.Rule.ATTRIBUTE_LINE);
        assertThat(Hygiene.sentence("脑血管病·治疗概况：治疗周期：120天。")).contains(Hygiene.Rule.ATTRIBUTE_LINE);
        assertThat(Hygiene.sentence("治愈率：85%")).contains(Hygiene.Rule.ATTRIBUTE_LINE);
        // who is at risk and how it spreads are said in words; prose that mentions a period
        assertThat(Hygiene.sentence("传播途径：血液传播、母婴传播、性传播。")).isEmpty();
        assertThat(Hygiene.sentence("易感人群：老年人。")).isEmpty();
        assertThat(Hygiene.sentence("一般治疗周期为三个月左右。")).isEmpty();
    }

    @Test
    void everyRuleSaysWhy() {
        for (Hygiene.Rule r : Hygiene.Rule.values()) {
            assertThat(r.why()).isNotBlank();
            assertThat(r.id()).matches("[a-z-]+");
        }
    }
}
