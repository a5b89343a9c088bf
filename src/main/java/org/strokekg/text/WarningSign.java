package org.strokekg.text;

/**
 * Stroke warning signs, after BE-FAST (Aroor et al., Stroke 2017;48:479–481) and China's 中风120 (Zhao and Liu,
 * Lancet Neurol 2017;16:27–28), plus sudden severe headache and confusion, which both lists' sponsors also name.
 */
public enum WarningSign {
    BALANCE("突然失去平衡、头晕或走路不稳", "sudden loss of balance, dizziness or trouble walking"),
    EYES("突然一侧或双眼视物不清、视力丧失或重影", "sudden loss of vision or double vision"),
    FACE("口角歪斜、一侧面部下垂", "face drooping on one side, mouth deviation"),
    ARM("一侧肢体无力或麻木", "weakness or numbness of an arm or leg, on one side"),
    SPEECH("说话含糊、说不出话或听不懂话", "slurred speech, unable to speak or to understand"),
    HEADACHE("突发剧烈头痛", "sudden severe headache"),
    CONFUSION("突然意识模糊、反应迟钝", "sudden confusion or reduced consciousness");

    private final String zh;
    private final String en;

    WarningSign(String zh, String en) {
        this.zh = zh;
        this.en = en;
    }

    /** The sign in simplified Chinese. */
    public String zh() {
        return zh;
    }

    public String en() {
        return en;
    }
}
