package org.strokekg.llm.qwen;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The few-row decode matmul against libtorch's linear on the same arrays. */
class FewRowLinearTest {

    @Test
    void theKernelIsActiveUnderTheTestJvm() {
        // the tests run on JDK 22+ with the Vector API module, as ./strokekg does: the kernel must be in use there
        assertThat(FewRowLinear.maxRows()).isEqualTo(16);
    }

    @ParameterizedTest(name = "rows {0}, in {1}, out {2}, bias {3}")
    @CsvSource({
        "1, 896, 1152, none", "1, 64, 66, vector", "2, 896, 9728, none", "3, 17, 5, vector", "4, 40, 33, rows",
        "5, 4864, 896, rows", "8, 896, 9728, vector", "8, 12, 7, none", "13, 32, 130, rows", "16, 96, 1001, vector",
    })
    void equalsLibtorch(int rows, int in, int out, String bias) {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(rows * 31 + in);
            NDArray x = m.randomNormal(new Shape(rows, in));
            NDArray w = m.randomNormal(new Shape(out, in));
            NDArray b = switch (bias) {
                case "vector" -> m.randomNormal(new Shape(out));
                case "rows" -> m.randomNormal(new Shape(rows, out));
                default -> null;
            };
            NDArray expected = x.getNDArrayInternal().linear(x, w, b).singletonOrThrow();
            Optional<NDArray> actual = FewRowLinear.apply(x, w, b);
            assertThat(actual).isPresent();
            assertThat(actual.get().getShape()).isEqualTo(expected.getShape());
            float[] e = expected.toFloatArray();
            float[] a = actual.get().toFloatArray();
            double scale = Math.sqrt(in);   // sums of `in` products of unit normals: rounding grows with their spread
            for (int i = 0; i < e.length; i++) {
                assertThat((double) a[i]).as("element %d", i).isCloseTo(e[i], Offset.offset(2e-5 * scale));
            }
        }
    }

    @Test
    void viewsAreReadAsTheirValues() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray wide = m.randomNormal(new Shape(3, 128));
            NDArray x = Forward.rows(wide.transpose(), 0, 64).transpose(); // a strided, non-contiguous view (3, 64)
            NDArray w = m.randomNormal(new Shape(40, 64));
            float[] e = x.getNDArrayInternal().linear(x, w, null).singletonOrThrow().toFloatArray();
            float[] a = FewRowLinear.apply(x, w, null).orElseThrow().toFloatArray();
            for (int i = 0; i < e.length; i++) {
                assertThat(a[i]).isCloseTo(e[i], Offset.offset(1e-4f));
            }
        }
    }

    @Test
    void leavesPrefillAndOtherTypesToLibtorch() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.randomNormal(new Shape(8, 16));
            assertThat(FewRowLinear.apply(m.randomNormal(new Shape(17, 16)), w, null)).isEmpty();
            assertThat(FewRowLinear.apply(m.randomNormal(new Shape(2, 16)).toType(DataType.FLOAT16, false),
                    w.toType(DataType.FLOAT16, false), null)).isEmpty();
            assertThat(FewRowLinear.apply(m.randomNormal(new Shape(2, 3, 16)), w, null)).isEmpty();
        }
    }
}
