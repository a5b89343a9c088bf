package org.strokekg.llm.tokenizer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strokekg.error.InvalidInputException;

/**
 * Qwen v1's tokenizer ({@code tokenization_qwen.py}) in Java: the {@code qwen.tiktoken} file (one base64 token and its
 * rank per line; the rank is the id), Qwen's pre-tokenisation pattern, tiktoken's byte-pair merge by rank, and the
 * special tokens numbered after the regular ones: {@code <|endoftext|>}, {@code <|im_start|>}, {@code <|im_end|>},
 * {@code <|extra_0|>} … {@code <|extra_204|>}. Text is NFC-normalised first, as Qwen's {@code tokenize} does. The regular
 * vocabulary is the one Qwen2's {@code tokenizer.json} carries, so both give the same ids for ordinary text.
 */
public final class TiktokenTokenizer implements TextTokenizer {

    public static final String FILE = "qwen.tiktoken";

    /**
     * Qwen v1's {@code PAT_STR}. {@code UNICODE_CHARACTER_CLASS} makes {@code \s} Unicode's White_Space (tiktoken's
     * regex engine does the same; Java's default is ASCII only) and the {@code (?i:…)} group Unicode case-insensitive.
     */
    static final Pattern PRE_TOKENIZE = Pattern.compile("(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+"
            + "|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+", Pattern.UNICODE_CHARACTER_CLASS);
    static final int EXTRAS = 205;

    /** Regular tokens by their bytes, each byte as one Latin-1 char (so a piece's substring is a lookup key). */
    private final Map<String, Integer> ranks;
    private final byte[][] bytes;
    private final Map<String, Integer> specials;
    private final int regular;
    private final Pattern specialPattern;

    private TiktokenTokenizer(Map<String, Integer> ranks, byte[][] regularBytes, List<String> specialTokens) {
        this.ranks = ranks;
        this.regular = regularBytes.length;
        this.bytes = new byte[regular + specialTokens.size()][];
        System.arraycopy(regularBytes, 0, bytes, 0, regular);
        Map<String, Integer> sp = new HashMap<>();
        StringBuilder alternatives = new StringBuilder();
        for (int i = 0; i < specialTokens.size(); i++) {
            String s = specialTokens.get(i);
            sp.put(s, regular + i);
            bytes[regular + i] = s.getBytes(StandardCharsets.UTF_8);
            alternatives.append(i == 0 ? "" : "|").append(Pattern.quote(s));
        }
        this.specials = Map.copyOf(sp);
        this.specialPattern = Pattern.compile(alternatives.toString());
    }

    /** Qwen v1's special tokens in id order, numbered from the count of regular tokens. */
    static List<String> qwenSpecialTokens() {
        List<String> out = new ArrayList<>(List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>"));
        for (int i = 0; i < EXTRAS; i++) {
            out.add("<|extra_" + i + "|>");
        }
        return out;
    }

    /** Loads {@code qwen.tiktoken} from a model folder. */
    public static TiktokenTokenizer load(Path modelDir) {
        Path file = modelDir.resolve(FILE);
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        } catch (IOException e) {
            throw new InvalidInputException(FILE, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a tiktoken rank file; the ranks must be 0 … n-1, each once, and every single byte must be a token. */
    public static TiktokenTokenizer read(InputStream in) throws IOException {
        Map<String, Integer> ranks = new HashMap<>(1 << 18);
        List<byte[]> byRank = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
        int lineNo = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.strip().split(" ");
            byte[] token;
            int rank;
            try {
                token = Base64.getDecoder().decode(parts[0]);
                rank = Integer.parseInt(parts[1]);
            } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                throw new InvalidInputException(FILE, "line " + lineNo + " is not 'base64 rank'", e);
            }
            while (byRank.size() <= rank) {
                byRank.add(null);
            }
            if (token.length == 0 || byRank.get(rank) != null || ranks.put(latin1(token), rank) != null) {
                throw new InvalidInputException(FILE, "line " + lineNo + ": empty or repeated token or rank " + rank);
            }
            byRank.set(rank, token);
        }
        for (int r = 0; r < byRank.size(); r++) {
            if (byRank.get(r) == null) {
                throw new InvalidInputException(FILE, "rank " + r + " is missing: ranks must run from 0 without gaps");
            }
        }
        for (int b = 0; b < 256; b++) {
            if (!ranks.containsKey(String.valueOf((char) b))) {
                throw new InvalidInputException(FILE, "byte " + b + " is not a token: not a byte-level BPE");
            }
        }
        return new TiktokenTokenizer(ranks, byRank.toArray(byte[][]::new), qwenSpecialTokens());
    }

    @Override
    public int[] encode(String text) {
        IntList out = new IntList();
        encodeOrdinary(Normalizer.normalize(text, Normalizer.Form.NFC), out);
        return out.toArray();
    }

    @Override
    public int[] encodeWithSpecialTokens(String text) {
        String nfc = Normalizer.normalize(text, Normalizer.Form.NFC);
        IntList out = new IntList();
        Matcher m = specialPattern.matcher(nfc);
        int from = 0;
        while (m.find()) {
            encodeOrdinary(nfc.substring(from, m.start()), out);
            out.add(specials.get(m.group()));
            from = m.end();
        }
        encodeOrdinary(nfc.substring(from), out);
        return out.toArray();
    }

    private void encodeOrdinary(String text, IntList out) {
        Matcher m = PRE_TOKENIZE.matcher(text);
        while (m.find()) {
            String piece = latin1(m.group().getBytes(StandardCharsets.UTF_8));
            Integer whole = ranks.get(piece);
            if (whole != null) {
                out.add(whole); // tiktoken takes a piece that is itself a token as is
            } else {
                BytePairMerge.merge(piece, ranks, out);
            }
        }
    }

    static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Override
    public OptionalInt tokenId(String token) {
        Integer id = specials.get(token);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    @Override
    public byte[] bytes(int id) {
        return id >= 0 && id < bytes.length ? bytes[id].clone() : new byte[0];
    }

    @Override
    public boolean isSpecial(int id) {
        return id >= regular && id < bytes.length;
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

    /** Regular (BPE) tokens, without the special ones. */
    public int regularTokens() {
        return regular;
    }

    @Override
    public void close() {
        // nothing native
    }

    /** A growable int list. */
    static final class IntList {
        private int[] values = new int[64];
        private int size;

        void add(int v) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
