package org.strokekg.llm.safetensors;

/** The element types of a safetensors file that the engine reads; the names are the format's own. */
public enum DType {
    F32(4), F16(2), BF16(2), F64(8), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    public int bytes() {
        return bytes;
    }

    /** True for the floating types a weight may be stored in. */
    public boolean isWeightType() {
        return this == F32 || this == F16 || this == BF16;
    }
}
