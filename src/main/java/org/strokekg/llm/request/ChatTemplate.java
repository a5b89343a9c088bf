package org.strokekg.llm.request;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.strokekg.error.InvalidInputException;
import org.strokekg.llm.tokenizer.TextTokenizer;

/**
 * How a conversation becomes prompt tokens and how the reply splits into reasoning and answer; the model manifest
 * names one. Framing tokens ({@code <|im_start|>}, {@code <|im_end|>}, {@code <think>}) are added by id and every
 * message's text is encoded as plain text, so a message can never forge a turn.
 */
public enum ChatTemplate {

    /** Qwen2.5 / Qwen3 ChatML; a {@code <think>…</think>} block (Qwen3 thinking) is returned as reasoning. */
    CHATML("chatml"),
    /**
     * ChatML framing for medical-o1 reasoning LoRAs: the reply carries its chain of thought first, as
     * "## Thinking … ## Final Response …" (HuatuoGPT-o1's distilled format) or in {@code <think>} tags.
     */
    MEDICAL_O1("medical-o1"),
    /**
     * The instruction prompt of the R1-style medical-o1 fine-tunes ("### Question: … ### Response: &lt;think&gt;"):
     * the prompt opens the thinking block, the model closes it with {@code </think>} and answers.
     */
    MEDICAL_O1_R1("medical-o1-r1");

    static final String R1_PREAMBLE = """
            Below is an instruction that describes a task, paired with an input that provides further context. \
            Write a response that appropriately completes the request. Before answering, think carefully about the \
            question and create a step-by-step chain of thoughts to ensure a logical and accurate response.

            ### Instruction:
            """;
    static final String R1_DEFAULT_INSTRUCTION = "You are a medical expert with advanced knowledge in clinical "
            + "reasoning, diagnostics, and treatment planning. Please answer the following medical question.";

    private final String manifestName;

    ChatTemplate(String manifestName) {
        this.manifestName = manifestName;
    }

    /** The name used in the model manifest and on the command line. */
    public String manifestName() {
        return manifestName;
    }

    public static ChatTemplate fromName(String name) {
        for (ChatTemplate t : values()) {
            if (t.manifestName.equals(name.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new InvalidInputException("template", "unknown chat template '" + name + "' (known: "
                + Arrays.stream(values()).map(ChatTemplate::manifestName).collect(Collectors.joining(", ")) + ")");
    }

    /** Prompt ids for {@code messages}, ending where the assistant's reply begins. */
    public int[] render(List<ChatMessage> messages, TextTokenizer tok) {
        Ids ids = new Ids();
        if (this == MEDICAL_O1_R1) {
            renderR1(messages, tok, ids);
        } else {
            int start = required(tok, "<|im_start|>");
            int end = required(tok, "<|im_end|>");
            for (ChatMessage m : messages) {
                // transformers tokenises the text between two special tokens as one piece: do the same
                ids.add(start).add(tok.encode(m.role().wireName() + "\n" + m.content())).add(end).add(tok.encode("\n"));
            }
            ids.add(start).add(tok.encode("assistant\n"));
        }
        return ids.toArray();
    }

    private static void renderR1(List<ChatMessage> messages, TextTokenizer tok, Ids ids) {
        String instruction = messages.stream().filter(m -> m.role() == ChatMessage.Role.SYSTEM)
                .map(ChatMessage::content).reduce((a, b) -> a + "\n" + b).orElse(R1_DEFAULT_INSTRUCTION);
        List<ChatMessage> turns = messages.stream().filter(m -> m.role() != ChatMessage.Role.SYSTEM).toList();
        StringBuilder question = new StringBuilder();
        for (int i = 0; i < turns.size() - 1; i++) {
            ChatMessage m = turns.get(i);
            question.append(m.role() == ChatMessage.Role.USER ? "Earlier question: " : "Earlier answer: ")
                    .append(m.content()).append("\n");
        }
        if (!turns.isEmpty()) {
            question.append(turns.get(turns.size() - 1).content());
        }
        ids.add(tok.encode(R1_PREAMBLE + instruction + "\n\n### Question:\n" + question + "\n\n### Response:\n"));
        // <think> is an added token in Qwen3's vocabulary; elsewhere (Qwen2.5) it is ordinary text
        tok.tokenId("<think>").ifPresentOrElse(id -> ids.add(id).add(tok.encode("\n")),
                () -> ids.add(tok.encode("<think>\n")));
    }

    /** Token ids that end the assistant's turn under this template (besides the model's own eos ids). */
    public Set<Integer> stopTokens(TextTokenizer tok) {
        Set<Integer> ids = new LinkedHashSet<>();
        tok.tokenId("<|im_end|>").ifPresent(ids::add);
        tok.tokenId("<|endoftext|>").ifPresent(ids::add);
        return ids;
    }

    /** Splits a reply into reasoning and answer the way this template's models write them. */
    public Reasoning split(String reply) {
        return switch (this) {
            case CHATML -> Reasoning.thinkTags(reply, false);
            case MEDICAL_O1 -> Reasoning.thinkingFinalResponse(reply);
            case MEDICAL_O1_R1 -> Reasoning.thinkTags(reply, true);
        };
    }

    private static int required(TextTokenizer tok, String token) {
        return tok.tokenId(token).orElseThrow(() -> new InvalidInputException("tokenizer.json", "has no " + token
                + " token: not a ChatML tokenizer"));
    }

    /** A growable int list, so the rendering reads as a sequence. */
    private static final class Ids {
        private final List<int[]> parts = new ArrayList<>();

        Ids add(int id) {
            parts.add(new int[] {id});
            return this;
        }

        Ids add(int[] ids) {
            parts.add(ids);
            return this;
        }

        int[] toArray() {
            return parts.stream().flatMapToInt(Arrays::stream).toArray();
        }
    }
}
