package org.strokekg.llm.qwen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's own JNI library ({@code models/gpu/native}), built on a GPU host against the same libtorch as DJL's
 * JNI and loaded after it: CUDA graph capture and replay, two device-indexed tensor ops, and the fused decode step
 * ({@link FusedDecode}: its own CUDA kernels, ~5 a layer, over the model's tensors). It takes DJL's tensor
 * handles (a {@link PtNDArray}'s handle is a {@code torch::Tensor*} in DJL's JNI). Named by the system property
 * {@value #PROPERTY} or the environment variable {@value #ENV} (read by the configuration, handed over through
 * {@link NativeSettings} before the first model loads); where neither names a loadable file the engine runs without
 * it, exactly as before.
 */
final class CudaNative {

    static final String PROPERTY = "strokekg.llm.cudaLib";
    static final String ENV = "STROKEKG_CUDA_LIB";
    private static final Logger LOG = LoggerFactory.getLogger(CudaNative.class);
    private static final boolean LOADED = load();

    private CudaNative() {
    }

    /** Whether the library is loaded; only asked once DJL's engine has loaded libtorch (the weights are on a GPU). */
    static boolean available() {
        return LOADED;
    }

    private static boolean load() {
        Optional<Path> named = NativeSettings.cudaLib();
        if (named.isEmpty()) {
            LOG.debug("no CUDA graph library named ({} / {}): decode steps run op by op", PROPERTY, ENV);
            return false;
        }
        Path path = named.get().toAbsolutePath();
        if (!Files.isRegularFile(path)) {
            LOG.warn("the CUDA graph library {} does not exist: decode steps run op by op", path);
            return false;
        }
        try {
            System.load(path.toString());
            LOG.info("CUDA graph library loaded from {}", path);
            return true;
        } catch (UnsatisfiedLinkError e) {
            LOG.warn("the CUDA graph library {} did not load ({}): decode steps run op by op", path, e.getMessage());
            return false;
        }
    }

    /** self.index_select(dim, index) as a new array of {@code m} (registered with the current NDScope). */
    static NDArray indexSelect(NDArray self, long dim, NDArray index, NDManager m) {
        return new PtNDArray((PtNDManager) m, indexSelect(handle(self), dim, handle(index)));
    }

    /** self.index_copy_(dim, index, source), in place. */
    static void indexCopy(NDArray self, long dim, NDArray index, NDArray source) {
        indexCopy(handle(self), dim, handle(index), handle(source));
    }

    static void copyLongs(NDArray target, long[] values) {
        copyLongs(handle(target), values);
    }

    static long handle(NDArray a) {
        return ((PtNDArray) a).getHandle();
    }

    /**
     * Waits for the work queued on this thread's stream, then sends this thread's libtorch work to a side stream of
     * its own (libtorch captures on a stream other than the default one only).
     */
    static native void enterSideStream();

    /** Restores the stream {@link #enterSideStream} replaced and waits for the side stream's work. */
    static native void exitSideStream();

    /** Starts capturing this thread's work on its side stream; returns the graph. */
    static native long beginCapture();

    /** Ends the capture and instantiates the graph; throws when the capture failed (free the graph then). */
    static native void endCapture(long graph);

    /** Launches the graph on this thread's current stream. */
    static native void replay(long graph);

    static native void freeGraph(long graph);

    /**
     * A fused decode plan (see {@code strokekg_cuda.cc} for the order of the arrays); throws where the shapes or
     * tensors do not suit it. Free with {@link #fusedFree}.
     */
    static native long fusedPlan(long[] weights, long[] caches, long[] columns, int[] dims, float eps, float scale,
            long inputs);

    /** New handles of the plan's outputs: each row's pick (int64) and its logits (float32). */
    static native long[] fusedOutputs(long plan);

    /** Launches the fused step on this thread's current stream (recorded when a capture is under way). */
    static native void fusedStep(long plan);

    static native void fusedFree(long plan);

    /** An adapter's table of (A, B, rank) per layer and projection, as a new int64 tensor handle on the device. */
    static native long loraTable(long[] matrices, int[] ranks);

    /** The device address of a tensor's first element. */
    static native long dataPointer(long tensor);

    private static native void copyLongs(long tensor, long[] values);

    private static native void indexCopy(long self, long dim, long index, long source);

    private static native long indexSelect(long self, long dim, long index);
}
