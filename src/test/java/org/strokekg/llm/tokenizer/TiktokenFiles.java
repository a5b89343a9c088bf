package org.strokekg.llm.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * Derives a {@code qwen.tiktoken} file from a Qwen2 {@code tokenizer.json}. No real {@code qwen.tiktoken} can be
 * downloaded here, but Qwen2 kept Qwen v1's regular vocabulary: its BPE vocabulary ids are tiktoken's ranks. Each
 * vocabulary entry is GPT-2's printable stand-in for the token's bytes; the file holds the bytes in base64 and the id.
 * Added tokens (the special ones, Qwen3's {@code <think>}) are left out: tiktoken numbers its specials itself.
 */
public final class TiktokenFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TiktokenFiles() {
    }

    /** The {@code qwen.tiktoken} text for a {@code tokenizer.json} (gzipped when the name ends in .gz). */
    public static String fromTokenizerJson(InputStream json, boolean gzipped) throws IOException {
        JsonNode root = JSON.readTree(gzipped ? new GZIPInputStream(json) : json);
        Map<Character, Integer> byteOf = byteDecoder();
        Map<Integer, byte[]> byRank = new TreeMap<>();
        root.path("model").path("vocab").properties().forEach(e -> {
            String token = e.getKey();
            byte[] b = new byte[token.length()];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) byteOf.get(token.charAt(i)).intValue();
            }
            byRank.put(e.getValue().asInt(), b);
        });
        StringBuilder out = new StringBuilder(byRank.size() * 16);
        Base64.Encoder base64 = Base64.getEncoder();
        byRank.forEach((rank, bytes) -> out.append(base64.encodeToString(bytes)).append(' ').append(rank).append('\n'));
        return out.toString();
    }

    public static TiktokenTokenizer tokenizer(String tiktoken) throws IOException {
        return TiktokenTokenizer.read(new java.io.ByteArrayInputStream(tiktoken.getBytes(StandardCharsets.US_ASCII)));
    }

    /** GPT-2's byte-level alphabet inverted: printable bytes stand for themselves, the rest are shifted past 255. */
    private static Map<Character, Integer> byteDecoder() {
        Map<Character, Integer> map = new HashMap<>();
        int n = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
            map.put(printable ? (char) b : (char) (256 + n++), b);
        }
        return map;
    }
}
