package org.strokekg.llm.generate;

/** Where the engine runs: the GPU when DJL finds one (FP16 weights), else the CPU (FP32). */
public enum DevicePreference {
    AUTO, CPU, GPU
}
