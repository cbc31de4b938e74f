package dev.shopfloor.messaging.json;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * The platform's JSON reading rules, for HTTP bodies and message payloads alike: a value must have the JSON type
 * its field declares. Jackson's defaults would silently turn {@code 1.5} or {@code 1e3} into an integer quantity,
 * {@code "2"} into 2, {@code 123} into the string {@code "123"}, and let the last of two duplicate keys win; each of
 * these is a client mistake that must answer 400, not be guessed at.
 *
 * <p>Kept: decimal strings into {@code BigDecimal} (money amounts are strings on the wire, DESIGN.md §8), and unknown
 * fields are ignored (readers ignore unknown fields, DESIGN.md §5).
 *
 * <p>Failure: reading such input throws a {@link tools.jackson.core.JacksonException}; Spring MVC answers 400, and
 * a message with such a payload goes to its dead-letter topic.
 */
public class StrictJson implements JsonMapperBuilderCustomizer {

    @Override
    public void customize(JsonMapper.Builder builder) {
        apply(builder);
    }

    /** Applies the rules to {@code builder}; also for mappers built outside Spring (tests, tools). */
    public static JsonMapper.Builder apply(JsonMapper.Builder builder) {
        return builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .withCoercionConfig(
                        LogicalType.Integer,
                        rules -> rules.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(
                        LogicalType.Textual,
                        rules -> rules.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(
                        LogicalType.Boolean,
                        rules -> rules.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.String, CoercionAction.Fail));
    }
}
