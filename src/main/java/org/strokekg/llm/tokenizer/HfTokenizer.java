package org.strokekg.llm.tokenizer;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.strokekg.error.InvalidInputException;

/**
 * A Hugging Face {@code tokenizer.json} (Qwen2, Qwen2.5, Qwen3: one byte-level BPE vocabulary) through DJL's binding
 * of the Rust tokenizers library. Two native tokenizers are built from the one file: the file as is, and a copy whose
 * special added tokens are removed so that their strings in user text encode as plain characters (what transformers
 * does with {@code split_special_tokens=True}). Decoding uses each token's bytes, read from the vocabulary here.
 */
public final class HfTokenizer implements TextTokenizer {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** DJL truncates to 512 tokens and pads unless told otherwise: a long RAG prompt would be cut without a word. */
    private static final Map<String, String> OPTIONS = Map.of("addSpecialTokens", "false", "truncation", "false",
            "padding", "false");

    private final HuggingFaceTokenizer withSpecials;
    private final HuggingFaceTokenizer plain;
    private final Map<Integer, Integer> plainIds;
    private final byte[][] bytes;
    private final Map<String, Integer> added;
    private final Set<Integer> special;

    private HfTokenizer(HuggingFaceTokenizer withSpecials, HuggingFaceTokenizer plain, Map<Integer, Integer> plainIds,
            byte[][] bytes, Map<String, Integer> added, Set<Integer> special) {
        this.withSpecials = withSpecials;
        this.plain = plain;
        this.plainIds = plainIds;
        this.bytes = bytes;
        this.added = added;
        this.special = special;
    }

    /** Loads {@code tokenizer.json} from a model folder. */
    public static HfTokenizer load(Path modelDir) {
        Path file = modelDir.resolve("tokenizer.json");
        try (InputStream in = Files.newInputStream(file)) {
            return fromJson(in);
        } catch (IOException e) {
            throw new InvalidInputException("tokenizer.json", "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static HfTokenizer fromJson(InputStream json) throws IOException {
        JsonNode root = JSON.readTree(json);
        JsonNode model = root.path("model");
        if (!model.path("type").asText().equals("BPE") || !model.path("vocab").isObject()) {
            throw new InvalidInputException("tokenizer.json: model.type", "only byte-level BPE tokenizers are supported");
        }
        Map<String, Integer> added = new HashMap<>();
        Set<Integer> special = new HashSet<>();
        int size = model.path("vocab").size();
        for (JsonNode t : root.path("added_tokens")) {
            added.put(t.path("content").asText(), t.path("id").asInt());
            if (t.path("special").asBoolean(false)) {
                special.add(t.path("id").asInt());
            }
            size = Math.max(size, t.path("id").asInt() + 1);
        }
        byte[][] table = new byte[size][];
        Map<Character, Integer> byteOf = byteDecoder();
        model.path("vocab").properties().forEach(e -> table[e.getValue().asInt()] = tokenBytes(e.getKey(), byteOf));
        added.forEach((content, id) -> table[id] = content.getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < size; i++) {
            if (table[i] == null) {
                table[i] = new byte[0];
            }
        }
        ObjectNode plainJson = root.deepCopy();
        ArrayNode kept = plainJson.putArray("added_tokens");
        root.path("added_tokens").forEach(t -> {
            if (!t.path("special").asBoolean(false)) {
                kept.add(t);
            }
        });
        HuggingFaceTokenizer full = nativeTokenizer(JSON.writeValueAsBytes(root));
        HuggingFaceTokenizer plain = null;
        try {
            plain = nativeTokenizer(JSON.writeValueAsBytes(plainJson));
            return new HfTokenizer(full, plain, remap(plain, kept), table, Map.copyOf(added), Set.copyOf(special));
        } catch (IOException | RuntimeException e) {
            full.close();
            if (plain != null) {
                plain.close();
            }
            throw e;
        }
    }

    /**
     * The Rust library numbers added tokens in list order after the base vocabulary, whatever ids the file gives: with
     * the special ones removed, the remaining ones (Qwen3's {@code <think>}…) would shift. Ask it which id each got.
     */
    private static Map<Integer, Integer> remap(HuggingFaceTokenizer plain, ArrayNode kept) {
        Map<Integer, Integer> remap = new HashMap<>();
        for (JsonNode t : kept) {
            long[] ids = plain.encode(t.path("content").asText(), false, false).getIds();
            if (ids.length == 1 && ids[0] != t.path("id").asInt()) {
                remap.put(Math.toIntExact(ids[0]), t.path("id").asInt());
            }
        }
        return Map.copyOf(remap);
    }

    private static HuggingFaceTokenizer nativeTokenizer(byte[] json) throws IOException {
        return HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json), OPTIONS);
    }

    /** GPT-2's byte-level alphabet, inverted: each printable stand-in character back to the byte it encodes. */
    private static Map<Character, Integer> byteDecoder() {
        Map<Character, Integer> map = new HashMap<>();
        int n = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
            map.put(printable ? (char) b : (char) (256 + n++), b);
        }
        return map;
    }

    private static byte[] tokenBytes(String token, Map<Character, Integer> byteOf) {
        byte[] out = new byte[token.length()];
        for (int i = 0; i < token.length(); i++) {
            Integer b = byteOf.get(token.charAt(i));
            if (b == null) {
                throw new InvalidInputException("tokenizer.json: model.vocab", "token '" + token + "' is not "
                        + "byte-level BPE");
            }
            out[i] = (byte) b.intValue();
        }
        return out;
    }

    @Override
    public int[] encode(String text) {
        int[] ids = ids(plain.encode(text, false, false));
        for (int i = 0; i < ids.length; i++) {
            ids[i] = plainIds.getOrDefault(ids[i], ids[i]);
        }
        return ids;
    }

    @Override
    public int[] encodeWithSpecialTokens(String text) {
        return ids(withSpecials.encode(text, false, false));
    }

    private static int[] ids(Encoding e) {
        long[] ids = e.getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    @Override
    public OptionalInt tokenId(String token) {
        Integer id = added.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    @Override
    public byte[] bytes(int id) {
        return id >= 0 && id < bytes.length ? bytes[id].clone() : new byte[0];
    }

    @Override
    public boolean isSpecial(int id) {
        return special.contains(id);
    }

    @Override
    public String decode(int[] ids) {
        Utf8Stream s = new Utf8Stream();
        StringBuilder out = new StringBuilder();
        for (int id : ids) {
            out.append(s.push(bytes(id)));
        }
        return out.append(s.flush()).toString();
    }

    @Override
    public int size() {
        return bytes.length;
    }

    @Override
    public void close() {
        withSpecials.close();
        plain.close();
    }
}
