package org.strokekg.llm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A second PEFT adapter for the tiny {@code qwen2-gqa} fixture, written at test time, so that one base has two
 * adapters of different targets and ranks. Its reference is the same adapter merged into the base at load, whose
 * correctness {@code QwenParityTest} shows against transformers + PEFT for the fixtures' own adapters.
 */
public final class TestAdapters {

    private TestAdapters() {
    }

    /** r=2 on q_proj and v_proj, r=3 on down_proj (rank_pattern), alpha 6: different modules from the fixture's. */
    public static Path secondQwen2GqaAdapter(Path parent) {
        Path dir = parent.resolve("qwen2-gqa-lora-b");
        Map<String, float[]> tensors = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Random random = new Random(20261124);
        long hidden = 32;
        long kv = 16;
        long inter = 64;
        for (int layer = 0; layer < 2; layer++) {
            String p = "base_model.model.model.layers." + layer + ".";
            add(tensors, shapes, random, p + "self_attn.q_proj", 2, hidden, hidden);
            add(tensors, shapes, random, p + "self_attn.v_proj", 2, hidden, kv);
            add(tensors, shapes, random, p + "mlp.down_proj", 3, inter, hidden);
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("adapter_config.json"), """
                    {"peft_type": "LORA", "task_type": "CAUSAL_LM", "r": 2, "lora_alpha": 6, "bias": "none",
                     "target_modules": ["q_proj", "v_proj", "down_proj"], "rank_pattern": {"down_proj": 3},
                     "alpha_pattern": {}, "use_rslora": false, "use_dora": false, "fan_in_fan_out": false,
                     "modules_to_save": null, "lora_dropout": 0.0, "inference_mode": true}
                    """);
            writeSafetensors(dir.resolve("adapter_model.safetensors"), tensors, shapes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    private static void add(Map<String, float[]> tensors, Map<String, long[]> shapes, Random random, String module,
            int rank, long in, long out) {
        tensors.put(module + ".lora_A.weight", uniform(random, rank * in, 1.0 / Math.sqrt(in)));
        shapes.put(module + ".lora_A.weight", new long[] {rank, in});
        tensors.put(module + ".lora_B.weight", uniform(random, out * rank, 1.0 / Math.sqrt(rank)));
        shapes.put(module + ".lora_B.weight", new long[] {out, rank});
    }

    private static float[] uniform(Random random, long n, double bound) {
        float[] v = new float[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        return v;
    }

    /** The safetensors layout: 8-byte little-endian header length, JSON header, then the F32 data. */
    public static void writeSafetensors(Path file, Map<String, float[]> tensors, Map<String, long[]> shapes)
            throws IOException {
        StringBuilder header = new StringBuilder("{");
        long offset = 0;
        for (Map.Entry<String, float[]> e : tensors.entrySet()) {
            long bytes = 4L * e.getValue().length;
            header.append(header.length() > 1 ? "," : "").append('"').append(e.getKey()).append("\":{\"dtype\":\"F32\","
                    + "\"shape\":").append(java.util.Arrays.toString(shapes.get(e.getKey())).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        byte[] h = header.append('}').toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + h.length + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(h.length).put(h);
        for (float[] values : tensors.values()) {
            for (float v : values) {
                out.putFloat(v);
            }
        }
        Files.write(file, out.array());
    }
}
