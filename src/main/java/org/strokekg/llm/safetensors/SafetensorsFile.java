package org.strokekg.llm.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.strokekg.error.InvalidInputException;

/**
 * One safetensors file: an 8-byte little-endian header length, a JSON header, then the raw tensor data. Nothing is read
 * up front but the header; {@link #map} maps one byte range of one tensor at a time, so shards larger than 2 GiB and
 * models larger than the Java heap load without copies through the heap.
 */
public final class SafetensorsFile implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L << 20;

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, FileChannel channel, long dataStart, Map<String, TensorInfo> tensors,
            Map<String, String> metadata) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    public static SafetensorsFile open(Path path) {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new InvalidInputException(path.toString(), "cannot open safetensors file: " + e.getMessage(), e);
        }
        try {
            return read(path, channel);
        } catch (RuntimeException | IOException e) {
            closeQuietly(channel);
            if (e instanceof InvalidInputException iie) {
                throw iie;
            }
            throw new InvalidInputException(path.toString(), "not a safetensors file: " + e.getMessage(), e);
        }
    }

    private static SafetensorsFile read(Path path, FileChannel channel) throws IOException {
        long size = channel.size();
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, lenBuf, 0);
        long headerLen = lenBuf.getLong(0);
        if (headerLen <= 0 || headerLen > MAX_HEADER || 8 + headerLen > size) {
            throw new InvalidInputException(path.toString(), "bad safetensors header length " + headerLen);
        }
        ByteBuffer header = ByteBuffer.allocate((int) headerLen);
        readFully(channel, header, 8);
        JsonNode root = JSON.readTree(header.array());
        long dataStart = 8 + headerLen;
        long dataLen = size - dataStart;
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                e.getValue().properties().forEach(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            tensors.put(e.getKey(), tensorInfo(path, e.getKey(), e.getValue(), dataLen));
        }
        return new SafetensorsFile(path, channel, dataStart, Collections.unmodifiableMap(tensors),
                Collections.unmodifiableMap(metadata));
    }

    private static TensorInfo tensorInfo(Path path, String name, JsonNode node, long dataLen) {
        String field = path.getFileName() + ": " + name;
        DType dtype;
        try {
            dtype = DType.valueOf(node.path("dtype").asText());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "unsupported dtype " + node.path("dtype").asText(), e);
        }
        JsonNode shapeNode = node.path("shape");
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong();
        }
        JsonNode offsets = node.path("data_offsets");
        if (offsets.size() != 2) {
            throw new InvalidInputException(field, "data_offsets must hold two numbers");
        }
        TensorInfo info = new TensorInfo(name, dtype, shape, offsets.get(0).asLong(), offsets.get(1).asLong());
        if (info.begin() < 0 || info.end() < info.begin() || info.end() > dataLen) {
            throw new InvalidInputException(field, "data_offsets outside the file");
        }
        if (info.byteLength() != info.elementCount() * dtype.bytes()) {
            throw new InvalidInputException(field, "byte length " + info.byteLength() + " does not match its shape");
        }
        return info;
    }

    private static void readFully(FileChannel channel, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int n = channel.read(buf, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += n;
        }
    }

    public Path path() {
        return path;
    }

    /** Every tensor, in header order. */
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    /** The header's {@code __metadata__} strings (e.g. {@code format=pt}). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * Maps {@code length} bytes of {@code tensor}'s data starting at {@code offset} (relative to the tensor), read-only
     * and little-endian. A single mapping is at most 2 GiB, so callers read larger tensors in slices.
     */
    public ByteBuffer map(TensorInfo tensor, long offset, int length) {
        if (offset < 0 || length < 0 || offset + length > tensor.byteLength()) {
            throw new IllegalArgumentException("range outside " + tensor);
        }
        try {
            return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + tensor.begin() + offset, length)
                    .order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map " + tensor + " of " + path, e);
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to recover: the mappings already made stay valid
        }
    }
}
