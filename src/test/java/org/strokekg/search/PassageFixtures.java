package org.strokekg.search;

import java.util.List;
import org.strokekg.trust.Trust;

/**
 * Hand-written stroke passages (general medical knowledge, each naming the guideline it follows) and questions that
 * paraphrase them in lay words, so that few of their words occur in the passage they need.
 */
final class PassageFixtures {

    private PassageFixtures() {
    }

    static final String AHA_REHAB = "Winstein CJ et al. Guidelines for Adult Stroke Rehabilitation and Recovery, AHA/ASA, Stroke 2016";
    static final String AHA_ACUTE = "Powers WJ et al. 2019 Update to the Guidelines for the Early Management of Acute Ischemic Stroke, AHA/ASA";
    static final String AHA_SECONDARY = "Kleindorfer DO et al. 2021 Guideline for the Prevention of Stroke in Patients With Stroke and TIA, AHA/ASA";
    static final String BE_FAST = "Aroor S et al. BE FAST, Stroke 2017;48:479-481";
    static final String AHA_ICH = "Greenberg SM et al. 2022 Guideline for the Management of Spontaneous Intracerebral Hemorrhage, AHA/ASA";

    static PassageDoc p(String id, String title, String text, String source, List<String> entities) {
        return new PassageDoc(id, title, text, source, entities, "curated", "stroke", Trust.CURATED);
    }

    static final List<PassageDoc> PASSAGES = List.of(
            p("p:befast", "中风的早期识别", "中风的早期识别可以用BE-FAST口诀：平衡障碍、视力模糊、口角歪斜、单侧肢体无力、言语不清，"
                    + "出现任何一项都应立即拨打急救电话。", BE_FAST, List.of("e:stroke")),
            p("p:lysis", "静脉溶栓", "急性缺血性脑卒中发病4.5小时内，符合条件的患者可接受阿替普酶静脉溶栓，越早治疗获益越大。",
                    AHA_ACUTE, List.of("e:infarct")),
            p("p:botox", "上肢痉挛的处理", "脑卒中后上肢痉挛可采用A型肉毒毒素局部注射，配合牵伸训练和矫形器，以降低肌张力、改善关节活动度。",
                    AHA_REHAB, List.of("e:spasticity", "e:botox")),
            p("p:dysphagia", "吞咽障碍的筛查", "卒中后吞咽障碍患者进食前应进行洼田饮水试验等吞咽筛查，必要时调整食物性状或采用鼻饲，"
                    + "以预防吸入性肺炎。", AHA_REHAB, List.of("e:dysphagia")),
            p("p:shoulder", "肩关节半脱位", "偏瘫侧肩关节半脱位较常见，应避免牵拉患侧上肢，坐位时用支撑托起患臂，可配合神经肌肉电刺激。",
                    AHA_REHAB, List.of("e:hemiplegia")),
            p("p:bp", "血压管理", "脑卒中二级预防中，控制血压是最重要的措施之一，多数患者血压应控制在130/80毫米汞柱以下。",
                    AHA_SECONDARY, List.of("e:hypertension")),
            p("p:antiplatelet", "抗血小板治疗", "非心源性缺血性卒中患者应长期服用阿司匹林或氯吡格雷等抗血小板药物，预防卒中复发。",
                    AHA_SECONDARY, List.of("e:aspirin", "e:infarct")),
            p("p:af", "房颤与抗凝", "合并心房颤动的缺血性卒中患者应考虑口服抗凝药，如华法林或新型口服抗凝药，以减少心源性栓塞复发。",
                    AHA_SECONDARY, List.of("e:infarct")),
            p("p:depression", "卒中后抑郁", "卒中后抑郁很常见，表现为情绪低落、兴趣减退、睡眠障碍，应及时筛查并给予心理治疗或抗抑郁药物。",
                    AHA_REHAB, List.of("e:stroke")),
            p("p:sores", "压疮预防", "长期卧床的偏瘫患者应每两小时翻身一次，保持皮肤清洁干燥，预防压疮。", AHA_REHAB,
                    List.of("e:hemiplegia")),
            p("p:aphasia", "失语症的言语治疗", "失语症患者的言语治疗包括听理解训练、命名训练和复述训练，家属应多与患者交流。",
                    AHA_REHAB, List.of("e:stroke")),
            p("p:walking", "步行训练", "偏瘫患者步行训练应在平衡功能改善后循序渐进，必要时使用手杖、助行器或踝足矫形器，防止跌倒。",
                    AHA_REHAB, List.of("e:hemiplegia", "e:rehab")),
            p("p:tia", "短暂性脑缺血发作", "短暂性脑缺血发作症状通常在24小时内完全消失，但提示近期发生脑梗死的风险很高，应尽快就医评估。",
                    AHA_SECONDARY, List.of("e:tia")),
            p("p:ich", "脑出血", "脑出血最常见的病因是长期高血压，常在情绪激动或用力时突然发病，表现为剧烈头痛、呕吐和肢体瘫痪。",
                    AHA_ICH, List.of("e:ich", "e:hypertension")));

    /** A lay question and the passage it needs. */
    record Labelled(String question, String passageId) {
    }

    static final List<Labelled> PARAPHRASES = List.of(
            new Labelled("胳膊肌肉发紧伸不直，有没有打针的办法", "p:botox"),
            new Labelled("喝水老是呛着怎么办", "p:dysphagia"),
            new Labelled("病人整天闷闷不乐，对什么都提不起劲", "p:depression"),
            new Labelled("老人一直躺在床上，屁股上的皮破了", "p:sores"),
            new Labelled("说不出东西叫什么名字，怎么练", "p:aphasia"),
            new Labelled("胳膊好像从肩膀上脱出来了，很疼", "p:shoulder"),
            new Labelled("血管堵住后多久之内用药打通最有效", "p:lysis"),
            new Labelled("心跳不规律的人怎么防止再次脑梗", "p:af"),
            new Labelled("怎么看出家里人是不是中风了", "p:befast"),
            new Labelled("走路不稳容易摔跤，需要拐杖吗", "p:walking"),
            new Labelled("高压降到多少合适", "p:bp"),
            new Labelled("脑子里的血管破了通常是什么原因", "p:ich"));
}
