package org.strokekg.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strokekg.ops.Metrics;
import org.strokekg.rag.Answer;

/**
 * What the server notes about each answer, whichever route gave it: its measures (stages, evidence sizes, abstention,
 * emergency notice), and one log line with sizes and times only — the question and the answer's text are logged only
 * when the operator opted in ({@code STROKEKG_LOG_QUESTIONS=true}).
 */
final class AnswerEvents {

    private static final Logger log = LoggerFactory.getLogger(AnswerEvents.class);

    private final HttpOptions options;

    AnswerEvents(HttpOptions options) {
        this.options = options;
    }

    void answered(String route, String question, Answer a) {
        boolean abstained = a.citations().isEmpty();
        String emergency = a.emergency().map(Answer.Emergency::level).orElse("none");
        try {
            options.metrics().ifPresent(m -> m.answer(new Metrics.AnswerSample(route, a.model(), a.timings().link(),
                    a.timings().graph(), a.timings().passages(), a.timings().generate(), a.timings().total(),
                    a.citations().size(), a.graphPaths().size(), a.passages().size(), a.entities().size(), abstained,
                    emergency)));
        } catch (RuntimeException e) {
            log.warn("answer not measured: {}", e.toString()); // a measure never costs the person their answer
        }
        if (options.log().questions()) {
            log.info("answer on {} by {} in {} ms: question {} | answer {}", route, a.model(),
                    Math.round(a.timings().total()), quoted(question), quoted(a.answer()));
        } else {
            log.info("answer on {} by {} in {} ms: {} citations, {} paths, {} passages{}{}", route, a.model(),
                    Math.round(a.timings().total()), a.citations().size(), a.graphPaths().size(), a.passages().size(),
                    abstained ? ", abstained" : "", emergency.equals("none") ? "" : ", emergency " + emergency);
        }
    }

    private static String quoted(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r") + '"';
    }
}
