package org.strokekg.llm.generate;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.strokekg.llm.request.ChatTemplate;

/**
 * Which model to load: a Hugging Face folder, an optional PEFT adapter folder merged into it, the chat template the
 * manifest names, and the device.
 */
public record ModelSpec(Path modelDir, Optional<Path> adapterDir, ChatTemplate template, DevicePreference device) {

    public ModelSpec {
        Objects.requireNonNull(modelDir, "modelDir");
        Objects.requireNonNull(adapterDir, "adapterDir");
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(device, "device");
    }

    /** The folder alone: no adapter, ChatML, whatever device DJL finds. */
    public static ModelSpec of(Path modelDir) {
        return new ModelSpec(modelDir, Optional.empty(), ChatTemplate.CHATML, DevicePreference.AUTO);
    }

    public ModelSpec withAdapter(Path dir) {
        return new ModelSpec(modelDir, Optional.of(dir), template, device);
    }

    public ModelSpec withTemplate(ChatTemplate t) {
        return new ModelSpec(modelDir, adapterDir, t, device);
    }

    public ModelSpec withDevice(DevicePreference d) {
        return new ModelSpec(modelDir, adapterDir, template, d);
    }
}
