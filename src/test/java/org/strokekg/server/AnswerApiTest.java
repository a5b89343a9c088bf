package org.strokekg.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.strokekg.testing.Http;
import org.strokekg.testing.TestApp;

/** The answer API over real HTTP on the seeded graph and indexes, evidence mode (no model). */
class AnswerApiTest {

    static Http http;
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern MARK = Pattern.compile("\\[(\\d+)]");

    @BeforeAll
    static void server() {
        http = new Http(TestApp.baseUrl());
    }

    static JsonNode ask(String question, String... extra) {
        StringBuilder body = new StringBuilder("{\"question\":").append(quote(question));
        for (int i = 0; i + 1 < extra.length; i += 2) {
            body.append(",\"").append(extra[i]).append("\":").append(extra[i + 1]);
        }
        body.append('}');
        Http.Response r = new Http(TestApp.baseUrl()).postJson("/api/v1/answer", body.toString());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Set<String> nodeIds(JsonNode answer) {
        Set<String> ids = new HashSet<>();
        answer.get("graphPaths").forEach(p -> p.get("nodes").forEach(n -> ids.add(n.get("id").asText())));
        return ids;
    }

    static List<String> relationTypes(JsonNode answer) {
        List<String> types = new ArrayList<>();
        answer.get("graphPaths").forEach(p -> p.get("relationships").forEach(r -> types.add(r.get("type").asText())));
        return types;
    }

    @Test
    void armStiffnessReachesSpasticityAndItsTreatments() {
        JsonNode a = ask("中风后手臂僵硬怎么办");
        assertThat(a.get("model").asText()).isEqualTo("strokekg-evidence");
        assertThat(a.get("script").asText()).isEqualTo("zh-Hans");
        assertThat(nodeIds(a)).contains("spasticity");
        assertThat(relationTypes(a)).containsAnyOf("TREATED_BY", "REHABILITATED_BY");
        assertThat(a.get("answer").asText()).contains("痉挛");
        for (String key : List.of("link", "graph", "passages", "generate", "total")) {
            assertThat(a.get("timings").has(key)).as(key).isTrue();
        }
        assertThat(a.has("emergency")).isFalse();
        assertCitationsResolve(a);
    }

    @Test
    void everydayWordsForShoulderPainReachItsCareNotOnlyStrokeInGeneral() {
        JsonNode a = ask("中风后肩膀疼痛应该怎么处理");
        assertThat(ids(a.get("entities"))).contains("hemiplegic-shoulder-pain");
        assertThat(nodeIds(a)).contains("hemiplegic-shoulder-pain");
        assertThat(a.get("answer").asText()).contains("肩");
        // the passage on hemiplegic shoulder pain names it only 偏瘫肩痛 / 肩痛: the entity's names find it
        assertThat(ids(a.get("passages"))).contains("p-comp-006");
        // a relation reached both directly and as a step of a longer path is named once
        assertThat(a.get("answer").asText()).doesNotContainPattern("(\\S+\\[\\d+\\])和\\1");
        assertCitationsResolve(a);
    }

    /** Every [n] in the answer is a citation; every citation is used; graph citations are relations of the paths. */
    static void assertCitationsResolve(JsonNode a) {
        Set<Integer> marks = new HashSet<>();
        Matcher m = MARK.matcher(a.get("answer").asText());
        while (m.find()) {
            marks.add(Integer.parseInt(m.group(1)));
        }
        Set<Integer> numbers = new HashSet<>();
        Set<String> relationIds = new HashSet<>();
        a.get("graphPaths").forEach(p -> p.get("relationships").forEach(r -> relationIds.add(r.get("id").asText())));
        Set<String> passageIds = new HashSet<>();
        a.get("passages").forEach(p -> passageIds.add(p.get("id").asText()));
        for (JsonNode c : a.get("citations")) {
            numbers.add(c.get("n").asInt());
            assertThat(c.get("source").asText()).as("citation %s has a source", c).isNotBlank();
            String kind = c.get("kind").asText();
            assertThat(kind).isIn("graph", "passage");
            if (kind.equals("passage")) {
                assertThat(passageIds).contains(c.get("id").asText());
            } else if (c.get("id").asText().startsWith("r-")) {
                assertThat(relationIds).contains(c.get("id").asText());
            }
        }
        assertThat(marks).isNotEmpty().isEqualTo(numbers);
    }

    @Test
    void multiEntityQuestionReturnsThePathBetweenThem() {
        JsonNode a = ask("脑梗死和高血压有什么关系");
        boolean direct = false;
        for (JsonNode p : a.get("graphPaths")) {
            Set<String> ids = new HashSet<>();
            p.get("nodes").forEach(n -> ids.add(n.get("id").asText()));
            if (ids.contains("ischemic-stroke") && ids.contains("hypertension")) {
                direct = true;
            }
        }
        assertThat(direct).as("a path joins 脑梗死 and 高血压").isTrue();
        assertThat(relationTypes(a)).contains("RISK_FACTOR_OF");
        assertThat(a.get("answer").asText()).contains("高血压").contains("危险因素");
        assertCitationsResolve(a);
    }

    @Test
    void bothScriptsAndEnglishLinkTheSameEntities() {
        Set<String> simplified = ids(ask("中风后手臂僵硬怎么办").get("entities"));
        Set<String> traditional = ids(ask("中風後手臂僵硬怎麼辦").get("entities"));
        assertThat(traditional).isEqualTo(simplified).isNotEmpty();
        // a vertical tab or form feed pasted from a document is white space, not a refused control character
        assertThat(ids(ask("中风后\u000B手臂僵硬\f怎么办").get("entities"))).isEqualTo(simplified);
        JsonNode english = ask("What is the time window for thrombolysis?");
        assertThat(ids(english.get("entities"))).contains("iv-thrombolysis");
        // a word inside a longer name, the head of many names, or a short word near an acronym names none of them
        assertThat(ids(ask("Which receptor is blocked, and what history and names matter after a hemorrhage?")
                .get("entities"))).doesNotContain("arb", "family-history", "nmes", "thalamic-hemorrhage");
        // linked entities carry their English description beside the Chinese one, whatever the answer's script
        english.get("entities").forEach(e -> assertThat(e.get("descriptionEn").asText()).as(e.get("id").asText())
                .isNotBlank().doesNotContainPattern("\\p{IsHan}"));
        ask("中风后手臂僵硬怎么办", "script", "\"zh-Hant-TW\"").get("entities")
                .forEach(e -> assertThat(e.get("descriptionEn").asText()).isNotBlank());
        assertThat(ids(ask("Can hemiplegia improve with mirror therapy?").get("entities")))
                .contains("hemiplegia", "mirror-therapy");
    }

    @Test
    void englishQuestionsQuoteEnglishPassagesAndChineseQuestionsChineseOnes() {
        JsonNode english = ask("What are the warning signs of a stroke and what should I do?");
        assertThat(ids(english.get("passages"))).isNotEmpty().anyMatch(id -> id.endsWith("-en"));
        // a passage found in both languages is quoted once, in English, with no Chinese inside its sentence
        for (JsonNode p : english.get("passages")) {
            assertThat(ids(english.get("passages"))).as("both versions of %s", p.get("id").asText())
                    .doesNotContain(p.get("id").asText() + "-en");
        }
        assertThat(english.get("answer").asText()).doesNotContain("(in Chinese)");
        JsonNode chinese = ask("中风有哪些早期症状");
        assertThat(ids(chinese.get("passages"))).isNotEmpty().noneMatch(id -> id.endsWith("-en"));
        assertCitationsResolve(english);
        assertCitationsResolve(chinese);
    }

    static Set<String> ids(JsonNode entities) {
        Set<String> out = new HashSet<>();
        entities.forEach(e -> out.add(e.get("id").asText()));
        return out;
    }

    @Test
    void warningSignsLeadWithTheEmergencyNoticeAndOthersDoNot() {
        JsonNode urgent = ask("我爸突然一侧手脚没力气，说话不清楚，怎么办");
        assertThat(urgent.get("emergency").get("level").asText()).isEqualTo("URGENT");
        assertThat(urgent.get("answer").asText()).startsWith(urgent.get("emergency").get("message").asText())
                .contains("120");
        JsonNode english = ask("My mother suddenly cannot lift her right arm and her face droops");
        assertThat(english.get("emergency").get("message").asText()).contains("911");
        for (String q : List.of("偏瘫三年了怎么康复", "脑梗死和高血压有什么关系", "阿司匹林和氯吡格雷有什么区别",
                "患者因脑出血住院第2天，突然说话不清，护理上要注意什么",
                "男，58岁，突然头疼呕吐。查体颈部抵抗，克氏征阳性。最可能的诊断是")) {
            assertThat(ask(q).has("emergency")).as(q).isFalse();
        }
    }

    @Test
    void taiwanScriptConvertsTheAnswerAndItsEvidence() {
        JsonNode a = ask("中风后手臂僵硬怎么办", "script", "\"zh-Hant-TW\"");
        assertThat(a.get("script").asText()).isEqualTo("zh-Hant-TW");
        String text = a.get("answer").asText();
        assertThat(text).contains("痙攣").doesNotContain("痉挛");
        assertThat(a.get("graphPaths").toString()).contains("痙攣");
        JsonNode hk = ask("中风后手臂僵硬怎么办", "script", "\"zh-Hant-HK\"");
        assertThat(hk.get("answer").asText()).contains("痙攣");
    }

    @Test
    void byDefaultTheAnswerFollowsTheQuestionsScript() {
        JsonNode traditional = ask("中風後手臂僵硬怎麼辦");
        assertThat(traditional.get("script").asText()).isEqualTo("zh-Hant-TW");
        assertThat(traditional.get("answer").asText()).contains("痙攣").doesNotContain("痉挛");
        assertThat(traditional.get("graphPaths").toString()).contains("痙攣");

        JsonNode simplified = ask("中风后手臂僵硬怎么办", "script", "\"auto\"");
        assertThat(simplified.get("script").asText()).isEqualTo("zh-Hans");
        assertThat(simplified.get("answer").asText()).contains("痉挛");

        // a named script wins over the question's
        JsonNode named = ask("中風後手臂僵硬怎麼辦", "script", "\"zh-Hans\"");
        assertThat(named.get("script").asText()).isEqualTo("zh-Hans");
        assertThat(named.get("answer").asText()).contains("痉挛").doesNotContain("痙攣");
    }

    @Test
    void theFrameComesWithTheAnswer() {
        JsonNode a = ask("中风后肩膀疼痛应该怎么处理");
        JsonNode frame = a.get("frame");
        assertThat(frame.get("language").asText()).isEqualTo("zh");
        assertThat(frame.get("focus").get("id").asText()).isEqualTo("hemiplegic-shoulder-pain");
        assertThat(frame.get("aspect").asText()).isEqualTo("TREATMENT");
        assertThat(frame.get("setting").asText()).isEqualTo("HISTORY");
        assertThat(frame.get("patient").get("history").toString()).contains("stroke");
        // names follow the script; ids stay
        JsonNode tw = ask("中风后肩膀疼痛应该怎么处理", "script", "\"zh-Hant-TW\"");
        assertThat(tw.get("frame").get("focus").get("name").asText()).isEqualTo("偏癱肩痛");
        assertThat(tw.get("frame").get("focus").get("id").asText()).isEqualTo("hemiplegic-shoulder-pain");
        JsonNode causes = ask("What causes a subarachnoid hemorrhage?");
        assertThat(causes.get("frame").get("aspect").asText()).isEqualTo("CAUSE");
        assertThat(causes.get("frame").get("direction").asText()).isEqualTo("TO_FOCUS");
    }

    @Test
    void aPassageCitationIsTheSentenceNotTheTitle() {
        JsonNode a = ask("偏瘫病人卧床怎么预防压疮");
        boolean any = false;
        for (JsonNode c : a.get("citations")) {
            if (!c.get("kind").asText().equals("passage")) {
                continue;
            }
            any = true;
            JsonNode passage = null;
            for (JsonNode p : a.get("passages")) {
                if (p.get("id").asText().equals(c.get("id").asText())) {
                    passage = p;
                }
            }
            assertThat(passage).as("the cited passage is listed").isNotNull();
            assertThat(c.get("text").asText()).isNotEqualTo(passage.get("title").asText());
            assertThat(passage.get("text").asText()).contains(c.get("text").asText().split("(?<=。)")[0]);
        }
        assertThat(any).isTrue();
    }

    @Test
    void noEvidenceSaysSo() {
        JsonNode a = ask("量子计算机怎么编程");
        assertThat(a.get("answer").asText()).contains("没有找到");
        assertThat(a.get("citations").size()).isZero();
        assertThat(a.get("graphPaths").size()).isZero();
    }

    @Test
    void badRequestsNameTheField() {
        record Case(String body, String field) {
        }
        for (Case c : List.of(new Case("{}", "question"), new Case("{\"question\":\"x\",\"scrip\":\"zh-Hans\"}", "scrip"),
                new Case("{\"question\":\"x\",\"script\":\"klingon\"}", "script"),
                new Case("{\"question\":\"x\",\"maxPassages\":99}", "maxPassages"),
                new Case("{\"question\":\"x\",\"maxPaths\":\"many\"}", "maxPaths"),
                new Case("not json", "body"))) {
            Http.Response r = http.postJson("/api/v1/answer", c.body());
            assertThat(r.status()).as(c.body()).isEqualTo(400);
            assertThat(r.json().get("field").asText()).as(c.body()).isEqualTo(c.field());
        }
    }

    @Test
    void streamSendsEvidenceThenTokensThenDone() {
        Http.Response r = http.postJson("/api/v1/answer/stream", "{\"question\":\"偏瘫患者在家怎么护理\"}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("text/event-stream"));
        List<String[]> events = SseEvents.parse(r.body());
        assertThat(events).isNotEmpty();
        assertThat(events.getFirst()[0]).isEqualTo("evidence");
        assertThat(events.getLast()[0]).isEqualTo("done");
        StringBuilder tokens = new StringBuilder();
        for (String[] e : events.subList(1, events.size() - 1)) {
            assertThat(e[0]).isIn("token", "reasoning");
            if (e[0].equals("token")) {
                tokens.append(SseEvents.json(e[1]).get("text").asText());
            }
        }
        JsonNode done = SseEvents.json(events.getLast()[1]);
        assertThat(tokens.toString()).isEqualTo(done.get("answer").asText()).isNotBlank();
        JsonNode evidence = SseEvents.json(events.getFirst()[1]);
        assertThat(evidence.get("citations").size()).isEqualTo(done.get("citations").size());
        assertThat(evidence.get("frame").get("aspect").asText()).isEqualTo("CARE");
        assertCitationsResolve(done);
    }
}
