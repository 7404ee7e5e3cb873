package io.dubboai.server.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Masks secrets in JSON before it reaches the audit log: every field whose name contains password, secret, token
 * value, credential or key material has its value replaced by {@code ***}. A text that is not JSON is not stored at
 * all (it could carry anything), only its length.
 */
public final class SecretMasker {

    /** What a masked value becomes. */
    public static final String MASK = "***";

    private static final Pattern SECRET_FIELD =
            Pattern.compile("(?i).*(password|secret|credential|apikey|api_key|privatekey|bearer|^token$).*");

    private final ObjectMapper json;

    /** @param json the mapper used to parse and print */
    public SecretMasker(ObjectMapper json) {
        this.json = json;
    }

    /** {@code text} with secret fields masked, or a note with its length if it is not JSON. */
    public @Nullable String mask(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            JsonNode node = json.readTree(text);
            mask(node);
            return json.writeValueAsString(node);
        } catch (Exception e) {
            return "(non-JSON body of " + text.length() + " characters not recorded)";
        }
    }

    private static void mask(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (SECRET_FIELD.matcher(field.getKey()).matches()
                        && !field.getValue().isContainerNode()) {
                    field.setValue(TextNode.valueOf(MASK));
                } else {
                    mask(field.getValue());
                }
            }
        } else if (node.isArray()) {
            node.forEach(SecretMasker::mask);
        }
    }
}
