package org.strokekg.llm.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.strokekg.error.InvalidInputException;

/**
 * The tensors of a model or adapter folder, wherever they live: one {@code *.safetensors} file, several, or the shards
 * a {@code model.safetensors.index.json} names. Reads one tensor (or one slice of it) at a time, widened to F32.
 */
public final class WeightSource implements AutoCloseable {

    /** The largest slice mapped at once: big tensors are widened in pieces of this size. */
    static final int MAX_SLICE_BYTES = 1 << 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<SafetensorsFile> files;
    private final Map<String, SafetensorsFile> owner;

    private WeightSource(List<SafetensorsFile> files, Map<String, SafetensorsFile> owner) {
        this.files = files;
        this.owner = owner;
    }

    /**
     * Opens the weights of a folder: the shards named by {@code <prefix>.safetensors.index.json} when present, else
     * every {@code *.safetensors} file in it.
     */
    public static WeightSource openFolder(Path folder) {
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> list = Files.list(folder)) {
            List<Path> all = list.sorted().toList();
            Optional<Path> index = all.stream().filter(p -> p.getFileName().toString().endsWith(".safetensors.index.json"))
                    .findFirst();
            if (index.isPresent()) {
                paths.addAll(shardsOf(index.get()));
            } else {
                all.stream().filter(p -> p.getFileName().toString().endsWith(".safetensors")).forEach(paths::add);
            }
        } catch (IOException e) {
            throw new InvalidInputException(folder.toString(), "cannot list the model folder: " + e.getMessage(), e);
        }
        if (paths.isEmpty()) {
            throw new InvalidInputException(folder.toString(), "no *.safetensors file in the folder");
        }
        return openFiles(paths);
    }

    public static WeightSource openFiles(List<Path> paths) {
        List<SafetensorsFile> files = new ArrayList<>();
        Map<String, SafetensorsFile> owner = new LinkedHashMap<>();
        try {
            for (Path p : paths) {
                SafetensorsFile f = SafetensorsFile.open(p);
                files.add(f);
                for (String name : f.tensors().keySet()) {
                    if (owner.putIfAbsent(name, f) != null) {
                        throw new InvalidInputException(p.toString(), "tensor " + name + " is also in "
                                + owner.get(name).path().getFileName());
                    }
                }
            }
        } catch (RuntimeException e) {
            files.forEach(SafetensorsFile::close);
            throw e;
        }
        return new WeightSource(List.copyOf(files), Collections.unmodifiableMap(owner));
    }

    private static List<Path> shardsOf(Path index) throws IOException {
        JsonNode map = JSON.readTree(index.toFile()).path("weight_map");
        if (!map.isObject() || map.isEmpty()) {
            throw new InvalidInputException(index.getFileName() + ": weight_map", "missing or empty");
        }
        List<Path> shards = new ArrayList<>();
        for (JsonNode file : map) {
            Path shard = index.resolveSibling(file.asText());
            if (!shards.contains(shard)) {
                if (!Files.isRegularFile(shard)) {
                    throw new InvalidInputException(index.getFileName() + ": weight_map", "shard " + file.asText()
                            + " is missing");
                }
                shards.add(shard);
            }
        }
        return shards;
    }

    public Set<String> names() {
        return owner.keySet();
    }

    public boolean contains(String name) {
        return owner.containsKey(name);
    }

    public Optional<TensorInfo> find(String name) {
        SafetensorsFile f = owner.get(name);
        return f == null ? Optional.empty() : Optional.of(f.tensors().get(name));
    }

    public TensorInfo info(String name) {
        return find(name).orElseThrow(() -> new InvalidInputException(name, "tensor not found in "
                + files.stream().map(f -> f.path().getFileName().toString()).toList()));
    }

    /**
     * Writes {@code count} elements of tensor {@code name}, from element {@code first}, into {@code dst} as native-order
     * F32 (BF16 and F16 are widened here: DJL's PyTorch JNI has no BF16). Advances {@code dst}'s position.
     */
    public void readAsF32(String name, long first, int count, ByteBuffer dst) {
        TensorInfo t = info(name);
        if (!t.dtype().isWeightType()) {
            throw new InvalidInputException(name, "expected a floating-point tensor, found " + t.dtype());
        }
        if (first < 0 || first + count > t.elementCount()) {
            throw new IllegalArgumentException("elements outside " + t);
        }
        int esize = t.dtype().bytes();
        FloatBuffer out = dst.slice().order(ByteOrder.nativeOrder()).asFloatBuffer();
        int done = 0;
        while (done < count) {
            int n = Math.min(count - done, MAX_SLICE_BYTES / esize);
            ByteBuffer src = owner.get(name).map(t, (first + done) * esize, n * esize);
            widen(t.dtype(), src, out, done, n);
            done += n;
        }
        dst.position(dst.position() + count * 4);
    }

    /** A whole (small) tensor as F32, e.g. a LoRA matrix, a norm weight or a reference output. */
    public float[] readFloats(String name) {
        TensorInfo t = info(name);
        long n = t.elementCount();
        if (n > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException(t + " is too large to read into a float[]");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) n * 4).order(ByteOrder.nativeOrder());
        readAsF32(name, 0, (int) n, buf);
        float[] out = new float[(int) n];
        buf.flip();
        buf.asFloatBuffer().get(out);
        return out;
    }

    private static void widen(DType type, ByteBuffer src, FloatBuffer out, int at, int n) {
        switch (type) {
            case F32 -> out.put(at, src.asFloatBuffer(), 0, n);
            case BF16 -> {
                // BF16 is the upper half of an F32: shifting its 16 bits into place is exact
                ShortBuffer s = src.asShortBuffer();
                for (int i = 0; i < n; i++) {
                    out.put(at + i, Float.intBitsToFloat((s.get(i) & 0xffff) << 16));
                }
            }
            case F16 -> {
                ShortBuffer s = src.asShortBuffer();
                for (int i = 0; i < n; i++) {
                    out.put(at + i, Float.float16ToFloat(s.get(i)));
                }
            }
            default -> throw new IllegalStateException("not a weight type: " + type);
        }
    }

    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
    }
}
