package org.strokekg.search;

import java.util.List;

/** A small hand-made stroke graph: names and aliases as curators would give them (general medical knowledge). */
final class StrokeFixtures {

    private StrokeFixtures() {
    }

    static final List<EntityDoc> ENTITIES = List.of(
            new EntityDoc("e:stroke", "Disease", "中风", List.of("脑卒中", "卒中", "中風", "腦卒中", "stroke", "CVA", "脑血管意外"),
                    "脑部血管突然破裂或阻塞导致的急性脑血液循环障碍"),
            new EntityDoc("e:infarct", "Disease", "脑梗死",
                    List.of("脑梗塞", "缺血性脑卒中", "脑血栓形成", "cerebral infarction", "ischemic stroke", "腦梗死"),
                    "脑动脉闭塞导致的脑组织缺血坏死"),
            new EntityDoc("e:lacunar", "Disease", "腔隙性脑梗死", List.of("腔隙性脑梗塞", "lacunar infarction"),
                    "脑深部小穿支动脉闭塞导致的小梗死灶"),
            new EntityDoc("e:tia", "Disease", "短暂性脑缺血发作", List.of("TIA", "小中风", "transient ischemic attack"),
                    "短暂的局灶性脑缺血，症状通常在24小时内完全消失"),
            new EntityDoc("e:spasticity", "Symptom", "痉挛", List.of("肌痉挛", "僵硬", "肢体僵硬", "肌张力增高", "spasticity"),
                    "上运动神经元损伤后肌张力速度依赖性增高"),
            new EntityDoc("e:hemiplegia", "Symptom", "偏瘫", List.of("半身不遂", "hemiplegia", "偏癱"), "一侧上下肢瘫痪"),
            new EntityDoc("e:hypertension", "RiskFactor", "高血压", List.of("高血壓", "hypertension", "血压高"), ""),
            new EntityDoc("e:botox", "Drug", "A型肉毒毒素", List.of("肉毒毒素", "botulinum toxin", "botox"), "局部注射治疗痉挛"),
            new EntityDoc("e:aspirin", "Drug", "阿司匹林", List.of("aspirin", "乙酰水杨酸"), "抗血小板药物"),
            new EntityDoc("e:ich", "Disease", "脑出血", List.of("脑溢血", "intracerebral hemorrhage", "出血性脑卒中"), ""),
            new EntityDoc("e:rehab", "RehabMethod", "康复训练", List.of("rehabilitation", "复健"), ""),
            new EntityDoc("e:ct", "Examination", "头颅CT", List.of("颅脑CT", "head CT", "CT"), ""),
            new EntityDoc("e:dysphagia", "Symptom", "吞咽困难", List.of("吞咽障碍", "dysphagia"), ""),
            new EntityDoc("e:shoulder", "Complication", "肩手综合征", List.of("shoulder-hand syndrome"), ""));
}
