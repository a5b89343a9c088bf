package org.strokekg.trust;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Hygiene of unreviewed knowledge: the crawl's own noise that a label does not make right. A fact or a sentence of
 * unreviewed knowledge that one of these rules rejects is never stated and never bridges to anything, even when a
 * request asks for unreviewed knowledge (docs/trust.md, "Hygiene of unreviewed knowledge"). Each rule reads only the
 * names and the relation type, so it can be counted on the whole crawl and explained in one line; none names a
 * disease or a question. Curated and reviewed knowledge is never judged here: a curator has read it.
 */
public final class Hygiene {

    private Hygiene() {
    }

    /** Why an unreviewed fact or sentence is not stated. */
    public enum Rule {
        FRAGMENT("a value that is not a whole name: cut off (…, ...), ending in 和/及/或/等 or a list mark, or "
                + "several items in one (、，；)"),
        PLACEHOLDER("a generic kind of care (药物治疗, 手术治疗, 支持性治疗, 其他治疗…): says only that it is treated, "
                + "and as a node it joins every disease that lists it"),
        MECHANISM_AS_SYMPTOM("a cellular or molecular process (钙离子内流, 炎性细胞浸润, 胶质增生) listed as a symptom: "
                + "nothing a patient shows"),
        DISH_AS_FOOD("a dish or recipe (枸杞核桃粥, 素熘菜花) recommended as diet advice: a recipe site's list, not a food"),
        SWEET_FOR_DIABETES("a sugary food or a congee recommended for diabetes"),
        TCM_FORMULA_AS_TREATMENT("a traditional formula or tonic (白金丸, 珍珠末, 参茸强肾片) listed as a disease's "
                + "treatment: a formula is given for a TCM pattern the crawl does not name, not for a disease"),
        BLOOD_FLOW_FOR_BLEED("a drug that thins the blood or widens vessels (长春西汀, 阿司匹林, 活血化瘀) listed as the "
                + "treatment of a bleed"),
        CATEGORY_COMPLICATION("a disease listed as a complication of its own category (乙肝 of 慢性肝病, 脑梗死 of "
                + "脑血管病): a member of a kind, and the kind does not complicate"),
        DRUG_FOR_PREGNANCY_OR_CHILD("a crawl drug for a pregnant patient or a child the question describes: the crawl "
                + "gives no dose and no contraindication (judged per answer, not per relation)"),
        SITE_NOT_NAMED("the question names a site (胃食管静脉曲张) and the crawl entity linked is the bare kind "
                + "(静脉曲张): its facts are about the kind's commonest site, not the one asked (judged per answer)"),
        ATTRIBUTE_LINE("a crawl attribute line quoted as prose: a figure without its condition or source (治疗周期："
                + "120天, 治愈率, 患病比例) or the crawl's lists restated past the rules above (治疗方式, 常用药品)");

        private final String why;

        Rule(String why) {
            this.why = why;
        }

        /** The rule's name outside Java: {@code fragment}, {@code mechanism-as-symptom}… */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public String why() {
            return why;
        }
    }

    /** Cut off by the crawl's 8- or 10-character display, or by its list splitting. */
    private static final Pattern CUT = Pattern.compile("(…|\\.{2,}|[和及与或、，,；;：:（(等])$");
    /**
     * Several items of care in one value (介入治疗、肝移植治疗、药物治疗): items ending in a kind of care, joined by a list
     * mark. One name may hold a list mark (肝、胆、脾CT检查, 腹痛伴恶心、呕吐): it is whole.
     */
    private static final Pattern LIST = Pattern.compile("(治疗|疗法|手术|检查|训练)[、，,；;].*(治疗|疗法|手术|检查|训练)$"
            + "|[。；;]");
    /** A value opening with a list mark. */
    private static final Pattern OPEN = Pattern.compile("^[、，,；;。）)]");

    /** Generic kinds of care: every disease of the crawl lists one of them. */
    private static final Set<String> PLACEHOLDERS = Set.of("药物治疗", "手术治疗", "支持治疗", "支持性治疗", "支持性",
            "对症治疗", "对症支持治疗", "对症支持性治疗", "对症及支持治疗", "对症性治疗", "一般治疗", "综合治疗", "其他治疗",
            "其它治疗", "内科治疗", "外科治疗", "病因治疗", "中医治疗", "西医治疗", "中药治疗", "中医中药", "中医药治疗",
            "中西医结合治疗", "中西医结合药物治疗", "保守治疗", "非手术治疗", "并发症治疗", "药物", "手术", "治疗", "检查",
            "其他", "其它", "对症", "对症处理", "手术切除", "外科手术", "药物疗法", "综合疗法");
    /** 其他疗法, 其它科室: "something else" (其他类精神活性物质依赖 is a name). */
    private static final Pattern OTHER = Pattern.compile("^(其他|其它)(治疗|疗法|药物|手术|检查|科室|综合|类型|原因|疾病"
            + "|方法)?$");

    /** A cell, a molecule or a tissue process: what a pathologist sees, not what a patient shows. */
    private static final Pattern MECHANISM = Pattern.compile("离子|受体|递质|胶质|星状细胞|淀粉样|儿茶酚胺|酶活性"
            + "|细胞(浸润|增生|坏死|化生|脂肪性变|索)|灌注|微循环|微血栓|血流动力学|基因|染色体"
            + "|代谢(障碍|紊乱|亢进|旺盛|低下|减低)|激素分泌|分泌过(多|少|量)");
    /** Names of conditions: a disease listed as a symptom is another rule's matter (ingest maps it). */
    private static final Pattern CONDITION_NAME = Pattern.compile("(癌|瘤|病|症|综合征|炎)$");

    /** A cooking method, or how a dish is named. */
    private static final Pattern DISH = Pattern.compile("[炒炖蒸煮煲焖煨拌炸熘烩爆汆卤焗烧煎烤酿扒涮炝]"
            + "|糖醋|蜜汁|蜜饯|拔丝|沙拉|椒盐|五香|锅塌|酱(?!油)|^泡|泥$"
            + "|(粥|汤|羹|饭|糕|饼|包子|饺|馄饨|茶|饮|汁|露|盅|冻|丝|片|丁|球|卷|酥|丸子|煲|锅)$");
    /** A qualifier of a raw food: 松子（炒）, 白果（干）. */
    private static final Pattern QUALIFIER = Pattern.compile("[（(][^）)]*[）)]");
    /** Raw foods whose names end like a dish's: kept. */
    private static final Set<String> NOT_DISHES = Set.of("茶叶", "绿茶", "红茶", "面粉", "燕麦片", "海带丝");

    private static final Pattern SWEET = Pattern.compile("(?<!木)糖(?!醇)|蜜|甜|饴|粥|果脯|蛋糕|巧克力|红枣|桂圆");

    /** Classical dosage forms and tonics; a Western soft capsule (胶丸) or cream (乳膏, 软膏) is not one. */
    private static final Pattern TCM = Pattern.compile("((?<![胶滴])丸|散|丹|(?<![乳软眼])膏|末)$|强肾|补肾|壮阳|大补");
    private static final Pattern WESTERN = Pattern.compile("维生素|活菌|霉素|钠|钾|钙|锌|铁|磺|酸");

    /** Bleeding conditions, and a stroke whose kind is not named (a bleed until a scan says otherwise). */
    private static final Pattern BLEED = Pattern.compile("出血|溢血|血肿|咯血|呕血|便血|衄"
            + "|^(脑卒中|卒中|中风|急性脑血管病|脑血管意外)$");
    /**
     * Antithrombotics, thrombolytics, cerebral vasodilators and the TCM "blood-activating" formulas. Nimodipine is not
     * here: it is given after a subarachnoid bleed, for the vasospasm.
     */
    private static final Pattern BLOOD_FLOW = Pattern.compile("长春西汀|阿司匹林|氯吡格雷|替格瑞洛|西洛他唑|双嘧达莫"
            + "|噻氯匹定|华法林|肝素|利伐沙班|达比加群|阿哌沙班|尿激酶|链激酶|阿替普酶|替奈普酶|降纤酶|巴曲酶|蚓激酶|纤溶酶"
            + "|银杏|丹参|川芎|红花|血栓通|血塞通|疏血通|脉络宁|活血|化瘀|通络|丁咯地尔|尼麦角林|倍他司汀|己酮可可碱"
            + "|前列地尔|曲克芦丁|芦丁|维脑路通|桂哌齐特");
    /** Hemostatics and reversal agents: the opposite. */
    private static final Pattern HEMOSTATIC = Pattern.compile("止血|凝血|氨甲|维生素K|鱼精蛋白|云南白药");

    /** Diseases named by organ or kind only: 慢性肝病, 心脏病, 脑血管病, 心脑血管疾病. */
    private static final Pattern CATEGORY = Pattern.compile("^(?:慢性|急性)?(?<organ>肝|肾|心|心脏|肺|脑|脑血管|心血管"
            + "|心脑血管|血管|眼|皮肤|胃|肠|胃肠|骨|关节|血液|神经|精神)(?:脏)?(?:疾)?病$");

    /**
     * Body sites that narrow a kind of disease when written before its name (胃食管 before 静脉曲张). Single characters
     * that end common words (担心, 小心, 手) are left out.
     */
    private static final Pattern SITE = Pattern.compile("(胃|食管|食道|胃底|肝|胆|胰|脾|肾|肺|支气管|冠状|肠|结肠|直肠"
            + "|肛|膀胱|子宫|卵巢|乳腺|乳房|甲状腺|颅内|脊髓|眼|视网膜|耳|鼻|咽|喉|口腔|舌|牙|颈|腰|背|胸|腹|盆腔|下肢|上肢"
            + "|腿|足|膝|髋|肩|皮肤|精索|阴囊|外阴|阴道)$");

    /** The crawl's attribute lines, as the ingest writes them into a 治疗概况 passage. */
    private static final Pattern ATTRIBUTE = Pattern.compile("^(?:.{0,20}·治疗概况(?:（\\d+/\\d+）)?[：:])?"
            + "(治疗方式|治疗周期|治愈率|常用药品|患病比例)[：:]");

    /**
     * Why a name may not be stated or bridge (a fragment or a placeholder), if it may not. A name is judged alone:
     * its relation may make it wrong otherwise ({@link #fact}).
     */
    public static Optional<Rule> name(String name) {
        String n = name.strip();
        if (PLACEHOLDERS.contains(n) || OTHER.matcher(n).find()) {
            return Optional.of(Rule.PLACEHOLDER);
        }
        if (n.isEmpty() || CUT.matcher(n).find() || OPEN.matcher(n).find() || LIST.matcher(n).find()
                || unbalanced(n)) {
            return Optional.of(Rule.FRAGMENT);
        }
        return Optional.empty();
    }

    /**
     * Why an unreviewed relation may not be stated, if it may not: a fragment or a placeholder at either end, then the
     * rules of its type. {@code type} is the graph's relation type ({@code HAS_SYMPTOM}, {@code TREATED_BY}…),
     * {@code start} and {@code end} the names of its two ends in the relation's direction.
     */
    public static Optional<Rule> fact(String type, String start, String end) {
        Optional<Rule> named = name(start).or(() -> name(end));
        if (named.isPresent()) {
            return named;
        }
        return switch (type) {
            case "HAS_SYMPTOM" -> mechanism(end) ? Optional.of(Rule.MECHANISM_AS_SYMPTOM) : Optional.empty();
            case "RECOMMENDED_FOOD" -> dish(end) ? Optional.of(Rule.DISH_AS_FOOD)
                    : diabetes(start) && sweet(end) ? Optional.of(Rule.SWEET_FOR_DIABETES) : Optional.empty();
            case "TREATED_BY" -> BLEED.matcher(start).find() && bloodFlow(end) ? Optional.of(Rule.BLOOD_FLOW_FOR_BLEED)
                    : tcmFormula(end) ? Optional.of(Rule.TCM_FORMULA_AS_TREATMENT) : Optional.empty();
            case "COMPLICATION_OF" -> memberOf(start, end) ? Optional.of(Rule.CATEGORY_COMPLICATION) : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** Why an unreviewed sentence may not be quoted, if it may not. */
    public static Optional<Rule> sentence(String sentence) {
        return ATTRIBUTE.matcher(sentence.strip()).find() ? Optional.of(Rule.ATTRIBUTE_LINE) : Optional.empty();
    }

    /**
     * The site written right before a name in a question ({@code before}: the text that precedes the mention), when
     * the name does not itself hold it: 胃食管 before 静脉曲张.
     */
    public static Optional<String> siteBefore(String before, String name) {
        java.util.regex.Matcher m = SITE.matcher(before);
        return m.find() && !name.contains(m.group(1)) ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** A cellular or molecular process, not a condition's name. */
    public static boolean mechanism(String symptom) {
        return MECHANISM.matcher(symptom).find() && !CONDITION_NAME.matcher(symptom).find();
    }

    /** A dish or recipe rather than a food. */
    public static boolean dish(String food) {
        String bare = QUALIFIER.matcher(food).replaceAll("").strip();
        return !NOT_DISHES.contains(bare) && DISH.matcher(bare).find();
    }

    /** Sugary, or a congee (quickly absorbed starch). */
    public static boolean sweet(String food) {
        return SWEET.matcher(food).find() && !food.contains("无糖");
    }

    /** A name of diabetes (糖尿病 and its kinds). */
    public static boolean diabetes(String condition) {
        return condition.contains("糖尿病") || condition.toLowerCase(Locale.ROOT).contains("diabet");
    }

    /** A condition that is a bleed. */
    public static boolean bleed(String condition) {
        return BLEED.matcher(condition).find();
    }

    /** Thins the blood or widens vessels (and does not stop bleeding). */
    public static boolean bloodFlow(String drug) {
        return BLOOD_FLOW.matcher(drug).find() && !HEMOSTATIC.matcher(drug).find();
    }

    /** A traditional formula or a tonic, not a Western preparation that happens to end alike. */
    public static boolean tcmFormula(String drug) {
        return TCM.matcher(drug).find() && !WESTERN.matcher(drug).find();
    }

    /**
     * Whether {@code disease} is a member of {@code category} (乙肝 of 慢性肝病): the category names an organ or a kind
     * only, and the disease names the same organ (its first character: 脑 of 脑血管病).
     */
    public static boolean memberOf(String disease, String category) {
        java.util.regex.Matcher m = CATEGORY.matcher(category.strip());
        return m.matches() && disease.indexOf(m.group("organ").charAt(0)) >= 0;
    }

    private static boolean unbalanced(String n) {
        return count(n, '（') + count(n, '(') != count(n, '）') + count(n, ')')
                || count(n, '「') != count(n, '」') || count(n, '“') != count(n, '”');
    }

    private static int count(String s, char c) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }
}
