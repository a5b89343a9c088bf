package org.strokekg.llm;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;
import java.lang.management.ManagementFactory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Bytes in use in the C heap (glibc {@code mallinfo2}: arena plus mmapped blocks), where libtorch's CPU tensors live.
 * Unlike the resident set it does not move when the JVM first touches pages of its own heap. With the JVM's Native
 * Memory Tracking on, {@link #settledOutsideJvm()} also takes away what the JVM itself has malloc'ed (compiler arenas,
 * symbol tables, GC structures): those move by MiBs while the JIT works and are not what a leak test is after.
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
    private static final Pattern JVM_MALLOC = Pattern.compile("malloc: (\\d+) #(\\d+)");
    /** glibc's chunk header and NMT's own header and footer on each block the JVM malloc'ed. */
    private static final long PER_BLOCK_OVERHEAD = 8 + 16;

    private NativeHeap() {
    }

    /** Allocated bytes: small blocks in the arenas plus large mmapped ones. */
    public static long inUse() {
        MallInfo2 m = C.mallinfo2();
        return m.uordblks + m.hblkhd;
    }

    /**
     * Allocated C heap bytes less the JVM's own malloc'ed blocks, after a GC and a pause: what native libraries
     * (libtorch, JNA) hold. Needs Native Memory Tracking on.
     */
    public static long settledOutsideJvm() throws InterruptedException {
        settledInUse();
        long jvm = jvmMalloc();
        if (jvm < 0) {
            throw new IllegalStateException("run with -XX:NativeMemoryTracking=summary");
        }
        return inUse() - jvm;
    }

    /** The JVM's malloc'ed bytes plus their block overhead, or -1 when Native Memory Tracking is off. */
    private static long jvmMalloc() {
        try {
            Object out = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {new String[] {"summary", "scale=b"}}, new String[] {String[].class.getName()});
            Matcher m = JVM_MALLOC.matcher(String.valueOf(out));
            return m.find() ? Long.parseLong(m.group(1)) + PER_BLOCK_OVERHEAD * Long.parseLong(m.group(2)) : -1;
        } catch (JMException e) {
            return -1;
        }
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
