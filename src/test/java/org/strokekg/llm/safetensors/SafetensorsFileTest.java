package org.strokekg.llm.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strokekg.error.InvalidInputException;

/** The reader against files written here byte by byte, as the format specifies them. */
class SafetensorsFileTest {

    @TempDir
    Path tmp;

    @Test
    void widensBf16AndF16ExactlyAndReadsF32AsIs() throws IOException {
        float[] values = {1.0f, -2.5f, 0.15625f, 65504f, -0.0f, 3.0e-5f};
        ByteBuffer data = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            data.putFloat(v);
        }
        for (float v : values) {
            data.putShort((short) (Float.floatToIntBits(v) >>> 16)); // BF16: the top half, truncated
        }
        for (float v : values) {
            data.putShort(Float.floatToFloat16(v));
        }
        int n = values.length;
        String header = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0," + 4 * n + "]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[" + n + "],\"data_offsets\":[" + 4 * n + "," + 6 * n + "]},"
                + "\"c\":{\"dtype\":\"F16\",\"shape\":[" + n + "],\"data_offsets\":[" + 6 * n + "," + 8 * n + "]}}";
        Path file = write("t.safetensors", header, data.array());
        try (WeightSource w = WeightSource.openFiles(List.of(file))) {
            assertThat(w.info("a").shape()).containsExactly(2, 3);
            assertThat(w.readFloats("a")).containsExactly(values);
            float[] bf16 = w.readFloats("b");
            float[] f16 = w.readFloats("c");
            for (int i = 0; i < n; i++) {
                assertThat(bf16[i]).isEqualTo(Float.intBitsToFloat(Float.floatToIntBits(values[i]) & 0xffff0000));
                assertThat(f16[i]).isEqualTo(Float.float16ToFloat(Float.floatToFloat16(values[i])));
            }
            ByteBuffer part = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
            w.readAsF32("a", 4, 2, part);
            assertThat(part.flip().asFloatBuffer().get(1)).isEqualTo(values[5]);
        }
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertThat(f.metadata()).containsEntry("format", "pt");
        }
    }

    @Test
    void aTruncatedFileIsRefused() throws IOException {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}";
        Path file = write("short.safetensors", header, new byte[8]);
        assertThatThrownBy(() -> SafetensorsFile.open(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("outside the file");
    }

    @Test
    void aShapeThatDoesNotMatchItsBytesIsRefused() throws IOException {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,16]}}";
        Path file = write("bad.safetensors", header, new byte[16]);
        assertThatThrownBy(() -> SafetensorsFile.open(file)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("does not match its shape");
    }

    private Path write(String name, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(h.length).put(h).put(data);
        Path file = tmp.resolve(name);
        Files.write(file, out.array());
        return file;
    }
}
