package org.strokekg.llm.tokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.strokekg.error.InvalidInputException;

/**
 * Text to token ids and back. Encoding treats special-token strings inside text as plain text, so user or retrieved
 * text can never inject {@code <|im_start|>}; templates add their framing tokens by id. Thread-safe.
 */
public interface TextTokenizer extends AutoCloseable {

    /**
     * The tokenizer of a model folder: {@code tokenizer.json} (Qwen2, Qwen2.5, Qwen3) or, when there is none,
     * {@code qwen.tiktoken} (Qwen v1).
     */
    static TextTokenizer load(Path modelDir) {
        if (Files.isRegularFile(modelDir.resolve("tokenizer.json"))) {
            return HfTokenizer.load(modelDir);
        }
        if (Files.isRegularFile(modelDir.resolve(TiktokenTokenizer.FILE))) {
            return TiktokenTokenizer.load(modelDir);
        }
        throw new InvalidInputException("tokenizer.json", "missing in " + modelDir + " (and no "
                + TiktokenTokenizer.FILE + " either)");
    }

    /** Ids for {@code text}, special-token strings in it encoded as ordinary characters. */
    int[] encode(String text);

    /** Ids for {@code text} with special-token strings turned into their ids: for trusted template text only. */
    int[] encodeWithSpecialTokens(String text);

    /** The id of a special or added token such as {@code <|im_end|>}. */
    OptionalInt tokenId(String token);

    /** The UTF-8 bytes a token stands for (a piece of a character for byte-level BPE; empty for unused ids). */
    byte[] bytes(int id);

    /** True for control tokens (e.g. {@code <|im_end|>}) that are never part of the text a user sees. */
    boolean isSpecial(int id);

    /** Text for {@code ids}; invalid UTF-8 (a character cut in two) becomes U+FFFD. */
    String decode(int[] ids);

    /** Ids the tokenizer knows, base vocabulary and added tokens together. */
    int size();

    @Override
    void close();
}
