package org.strokekg.llm;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;

/**
 * Bytes in use in the C heap (glibc {@code mallinfo2}: arena plus mmapped blocks), where libtorch's CPU tensors live.
 * Unlike the resident set it does not move when the JVM first touches pages of its own heap.
 */
public final class NativeHeap {

    /** glibc's {@code struct mallinfo2}: ten size_t fields. */
    @Structure.FieldOrder({"arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
            "fordblks", "keepcost"})
    public static class MallInfo2 extends Structure implements Structure.ByValue {
        public long arena;
        public long ordblks;
        public long smblks;
        public long hblks;
        public long hblkhd;
        public long usmblks;
        public long fsmblks;
        public long uordblks;
        public long fordblks;
        public long keepcost;
    }

    interface LibC extends Library {
        MallInfo2 mallinfo2();
    }

    private static final LibC C = Native.load("c", LibC.class);

    private NativeHeap() {
    }

    /** Allocated bytes: small blocks in the arenas plus large mmapped ones. */
    public static long inUse() {
        MallInfo2 m = C.mallinfo2();
        return m.uordblks + m.hblkhd;
    }

    /** After a GC and a pause, so that direct buffers whose owners died are freed by their cleaners. */
    public static long settledInUse() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return inUse();
    }
}
