package dev.shopfloor.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The AsyncAPI document agrees with the schemas, with the event catalog and with itself. */
class AsyncApiDocumentTest {

    private static final Contracts CONTRACTS = Contracts.load();
    private static final String SAGA_REPLIES = "saga.replies";

    private static Map<String, Object> document;

    @BeforeAll
    static void parseDocument() throws IOException {
        try (InputStream in =
                AsyncApiDocumentTest.class.getClassLoader().getResourceAsStream("contracts/asyncapi.yaml")) {
            assertThat(in).as("contracts/asyncapi.yaml on the classpath").isNotNull();
            document = new Yaml().load(in);
        }
    }

    @Test
    void isAnAsyncApi3Document() {
        assertThat(document.get("asyncapi")).isEqualTo("3.0.0");
        assertThat(document.get("defaultContentType")).isEqualTo("application/json");
    }

    @Test
    void describesAMessageForEverySchemaAndASchemaForEveryMessage() {
        assertThat(messages().keySet()).containsExactlyInAnyOrderElementsOf(CONTRACTS.messageTypes());
    }

    @Test
    void namesEachMessageByItsMessageType() {
        messages()
                .forEach((key, message) ->
                        assertThat(map(message).get("name")).as(key).isEqualTo(key));
    }

    @Test
    void pointsEachPayloadAtTheSchemaFileOfItsMessageType() {
        messages().forEach((type, message) -> {
            Map<String, Object> payload = map(map(message).get("payload"));
            String ref = (String) map(payload.get("schema")).get("$ref");

            assertThat(payload.get("schemaFormat")).as(type).isEqualTo("application/schema+json;version=2020-12");
            assertThat(ref).as(type).isEqualTo("./schemas/" + type + ".schema.json");
            assertThat(getClass().getClassLoader().getResource("contracts/" + ref.substring(2)))
                    .as(ref)
                    .isNotNull();
        });
    }

    @Test
    void putsEveryMessageOnItsCatalogTopicAndNowhereElseButTheDeadLetterTopic() {
        Map<String, Set<String>> topicsByType = new HashMap<>();
        channels()
                .values()
                .forEach(channel -> messageTypesOf(channel)
                        .forEach(type -> topicsByType
                                .computeIfAbsent(type, t -> new TreeSet<>())
                                .add(address(channel))));

        assertThat(topicsByType.keySet()).containsExactlyInAnyOrderElementsOf(CONTRACTS.messageTypes());
        topicsByType.forEach((type, topics) -> {
            String topic = Catalog.TOPICS.get(type);
            assertThat(topics).as(type).containsExactlyInAnyOrder(topic, topic + ".DLT");
        });
    }

    @Test
    void declaresTheFiveTopicsAndTheirDeadLetterTopics() {
        List<String> addresses =
                channels().values().stream().map(AsyncApiDocumentTest::address).toList();

        assertThat(addresses)
                .containsExactlyInAnyOrder(
                        "order.events", "order.events.DLT",
                        "order.commands", "order.commands.DLT",
                        "inventory.commands", "inventory.commands.DLT",
                        "payment.commands", "payment.commands.DLT",
                        "saga.replies", "saga.replies.DLT");
    }

    @Test
    void carriesTheSameMessagesOnADeadLetterTopicAsOnItsTopic() {
        Map<String, Set<String>> byAddress = new HashMap<>();
        channels().values().forEach(channel -> byAddress.put(address(channel), messageTypesOf(channel)));

        byAddress.forEach((address, types) -> {
            if (!address.endsWith(".DLT")) {
                assertThat(byAddress.get(address + ".DLT")).as(address).isEqualTo(types);
            }
        });
    }

    @Test
    void describesTheEnvelopeHeadersOnce() {
        Map<String, Object> envelope = map(schemas().get("Envelope"));

        assertThat(map(envelope.get("properties")).keySet())
                .containsExactlyInAnyOrder(
                        "message-id", "message-type", "saga-id", "correlation-id", "occurred-at", "traceparent");
        assertThat(list(envelope.get("required")))
                .containsExactlyInAnyOrder("message-id", "message-type", "correlation-id", "occurred-at");
        assertThat(resolve("#/components/schemas/SagaEnvelope/allOf/0/$ref"))
                .isEqualTo("#/components/schemas/Envelope");
    }

    @Test
    void givesEveryMessageTheEnvelopeAndTheOrderIdKeyThroughATrait() {
        messages().forEach((type, message) -> {
            String trait =
                    (String) map(list(map(message).get("traits")).getFirst()).get("$ref");
            String expected = type.equals("order.OrderCreated.v1") ? "event" : "sagaMessage";

            assertThat(trait).as(type).isEqualTo("#/components/messageTraits/" + expected);
        });
        for (String trait : List.of("event", "sagaMessage")) {
            Map<String, Object> kafka = map(map(resolve("#/components/messageTraits/" + trait + "/bindings"))
                    .get("kafka"));
            assertThat(map(kafka.get("key")).get("$ref")).as(trait).isEqualTo("#/components/schemas/OrderKey");
        }
    }

    @Test
    void sendsEveryCommandWithTheRepliesItsParticipantAnswersWith() {
        Set<String> sent = new TreeSet<>();
        Set<String> replies = new TreeSet<>();
        operations().forEach((id, value) -> {
            Map<String, Object> operation = map(value);
            assertThat(operation.get("action")).as(id).isEqualTo("send");
            refs(operation.get("messages")).forEach(ref -> sent.add(lastSegment(ref)));
            if (operation.containsKey("reply")) {
                Map<String, Object> reply = map(operation.get("reply"));
                assertThat(address(map(resolve(ref(reply.get("channel"))))))
                        .as(id)
                        .isEqualTo(SAGA_REPLIES);
                refs(reply.get("messages")).forEach(ref -> replies.add(lastSegment(ref)));
            }
        });

        Set<String> expectedReplies = new TreeSet<>();
        Set<String> expectedSent = new TreeSet<>();
        Catalog.TOPICS.forEach(
                (type, topic) -> (topic.equals(SAGA_REPLIES) ? expectedReplies : expectedSent).add(type));
        assertThat(sent).isEqualTo(expectedSent);
        assertThat(replies).isEqualTo(expectedReplies);
    }

    @Test
    void resolvesEveryLocalReference() {
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);

        assertThat(refs).isNotEmpty();
        assertThat(refs.stream().filter(ref -> ref.startsWith("#/")))
                .allSatisfy(ref -> assertThat(resolve(ref)).as(ref).isNotNull());
        assertThat(refs).allSatisfy(ref -> assertThat(ref).matches("#/.+|\\./schemas/.+"));
    }

    // --- reading the parsed YAML -----------------------------------------------------------------------------

    private static Map<String, Object> messages() {
        return map(map(document.get("components")).get("messages"));
    }

    private static Map<String, Object> schemas() {
        return map(map(document.get("components")).get("schemas"));
    }

    private static Map<String, Object> channels() {
        return map(document.get("channels"));
    }

    private static Map<String, Object> operations() {
        return map(document.get("operations"));
    }

    private static String address(Object channel) {
        return (String) map(channel).get("address");
    }

    /** The message types a channel carries, read from the components its messages reference. */
    private static Set<String> messageTypesOf(Object channel) {
        Set<String> types = new HashSet<>();
        map(map(channel).get("messages")).forEach((key, message) -> {
            String ref = ref(message);
            assertThat(ref).as(key).startsWith("#/components/messages/");
            types.add(lastSegment(ref));
            assertThat(lastSegment(ref)).as("channel message key").isEqualTo(key);
        });
        return types;
    }

    private static List<String> refs(Object listOfReferences) {
        return list(listOfReferences).stream().map(AsyncApiDocumentTest::ref).toList();
    }

    private static String ref(Object reference) {
        return (String) map(reference).get("$ref");
    }

    private static String lastSegment(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    /** Follows a local JSON pointer ({@code #/a/b/0}) through the parsed document; null when it leads nowhere. */
    private static Object resolve(String pointer) {
        Object node = document;
        for (String token : pointer.substring(2).split("/")) {
            String key = token.replace("~1", "/").replace("~0", "~");
            if (node instanceof Map<?, ?> object) {
                node = object.get(key);
            } else if (node instanceof List<?> array && key.matches("\\d+") && Integer.parseInt(key) < array.size()) {
                node = array.get(Integer.parseInt(key));
            } else {
                return null;
            }
        }
        return node;
    }

    private static void collectRefs(Object node, List<String> refs) {
        if (node instanceof Map<?, ?> object) {
            object.forEach((key, value) -> {
                if ("$ref".equals(key)) {
                    refs.add((String) value);
                } else {
                    collectRefs(value, refs);
                }
            });
        } else if (node instanceof List<?> array) {
            array.forEach(item -> collectRefs(item, refs));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        assertThat(node).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object node) {
        assertThat(node).isInstanceOf(List.class);
        return (List<Object>) node;
    }
}
