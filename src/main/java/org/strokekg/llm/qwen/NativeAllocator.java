package org.strokekg.llm.qwen;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps glibc from returning every large freed tensor to the kernel. By default malloc serves blocks over its mmap
 * threshold with fresh mappings and unmaps them on free, so each prefill activation (tens of MiB) is page-faulted in
 * anew: measured here, a 512-token prefill of the 0.5B shape took 850,000 page faults and 2-3x its compute time. With
 * the thresholds raised, freed blocks stay in the heap and the next step reuses them; the cost is that the process keeps
 * its peak activation memory. Applied once per process; {@code -Dstrokekg.llm.mallocTuning=false} (or {@code STROKEKG_MALLOC_TUNING=false}) turns it off.
 */
final class NativeAllocator {

    private static final Logger LOG = LoggerFactory.getLogger(NativeAllocator.class);
    private static final AtomicBoolean DONE = new AtomicBoolean();
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_MMAP_THRESHOLD = -3;

    interface LibC extends Library {
        int mallopt(int param, int value);
    }

    private NativeAllocator() {
    }

    static void tune() {
        if (!DONE.compareAndSet(false, true) || !NativeSettings.mallocTuning()) {
            return;
        }
        // mallopt is glibc's: elsewhere the look-up below fails and the allocator is left as it is
        try {
            LibC c = Native.load("c", LibC.class);
            boolean ok = c.mallopt(M_MMAP_THRESHOLD, 1 << 30) == 1 && c.mallopt(M_TRIM_THRESHOLD, Integer.MAX_VALUE) == 1;
            LOG.debug("glibc mallopt thresholds raised: {}", ok);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.info("malloc thresholds left as they are (not glibc?): {}", e.toString());
        }
    }
}
