package dev.shopfloor.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** House rules every message schema follows (see the event catalog and DESIGN.md §5). */
class SchemaFilesTest {

    private static final Contracts CONTRACTS = Contracts.load();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static List<String> messageTypes() {
        return List.copyOf(CONTRACTS.messageTypes());
    }

    @ParameterizedTest
    @MethodSource("messageTypes")
    void declaresDraft202012AndAnIdNamedAfterItsMessageType(String type) {
        JsonNode schema = schema(type);

        assertThat(schema.get("$schema").asString()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.get("$id").asString()).isEqualTo(Contracts.SCHEMA_ID_BASE + type + ".schema.json");
        assertThat(schema.get("title").asString()).isEqualTo(type);
    }

    @ParameterizedTest
    @MethodSource("messageTypes")
    void requiresTheOrderIdAsDefinedInCommon(String type) {
        JsonNode schema = schema(type);

        assertThat(schema.get("type").asString()).isEqualTo("object");
        assertThat(schema.get("required").valueStream().map(JsonNode::asString)).contains("orderId");
        assertThat(schema.at("/properties/orderId/$ref").asString()).isEqualTo("common.schema.json#/$defs/OrderId");
    }

    @ParameterizedTest
    @MethodSource("messageTypes")
    void toleratesUnknownFieldsAtTheTopLevel(String type) {
        assertThat(schema(type).has("additionalProperties")).isFalse();
        assertThat(schema(type).has("unevaluatedProperties")).isFalse();
    }

    @ParameterizedTest
    @MethodSource("messageTypes")
    void referencesSharedShapesInsteadOfRepeatingThem(String type) {
        String text = CONTRACTS.schema(type);

        assertThat(text)
                .as("Money, Sku and OrderId patterns live in common.schema.json only")
                .doesNotContain("[A-Z]{3}", "[0-9]{2}$", "^[A-Z0-9][A-Z0-9-]", "[1-9][0-9]{0,18}");
    }

    @ParameterizedTest
    @MethodSource("messageTypes")
    void requiresAtLeastOneElementInEveryArray(String type) {
        List<JsonNode> arrays = new ArrayList<>();
        collectArrays(schema(type), arrays);

        assertThat(arrays)
                .allSatisfy(array -> assertThat(array.path("minItems").asInt(0)).isGreaterThanOrEqualTo(1));
    }

    private static void collectArrays(JsonNode node, List<JsonNode> arrays) {
        if (node.isObject()) {
            if ("array".equals(node.path("type").asString(""))) {
                arrays.add(node);
            }
            node.values().forEach(child -> collectArrays(child, arrays));
        } else if (node.isArray()) {
            node.values().forEach(child -> collectArrays(child, arrays));
        }
    }

    private static JsonNode schema(String type) {
        return JSON.readTree(CONTRACTS.schema(type));
    }
}
