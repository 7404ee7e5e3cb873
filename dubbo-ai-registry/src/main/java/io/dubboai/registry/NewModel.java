package io.dubboai.registry;

import java.util.Map;

/**
 * What a caller gives to register a model.
 *
 * @param name the model name
 * @param description free text
 * @param owner the owning user or team; the caller when empty
 * @param tags initial tags
 */
public record NewModel(String name, String description, String owner, Map<String, String> tags) {

    public NewModel {
        tags = Map.copyOf(tags);
    }
}
