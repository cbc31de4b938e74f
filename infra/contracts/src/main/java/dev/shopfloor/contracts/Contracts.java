package dev.shopfloor.contracts;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;

/**
 * The platform's message contracts, read from the classpath, for contract tests: the JSON Schema of each message
 * type and its example payloads (DESIGN.md §5, docs/event-catalog.md).
 *
 * <p>The resources live under {@code contracts/} in this jar:
 *
 * <ul>
 *   <li>{@code schemas/<messageType>.schema.json}: one JSON Schema (draft 2020-12) per message type, e.g. {@code
 *       schemas/inventory.ReserveStock.v1.schema.json}; {@code schemas/common.schema.json} holds the shared
 *       definitions ({@code Money}, {@code OrderId}, {@code Sku}, ...) the others reference with {@code $ref};
 *   <li>{@code examples/<messageType>/<name>.json}: example payloads, at least one per message type;
 *   <li>{@code asyncapi.yaml}: the AsyncAPI 3.0 document (topics, envelope headers, key, payload references).
 * </ul>
 *
 * <p>A producer's test checks that what it writes validates; a consumer's test checks that it reads every example:
 *
 * <pre>{@code
 * Contracts contracts = Contracts.load();
 * contracts.validate("inventory.StockReserved.v1", jsonMapper.writeValueAsString(reply));
 * for (String example : contracts.examples("inventory.ReserveStock.v1")) { ... parse it ... }
 * }</pre>
 *
 * <p>Validation asserts formats too ({@code createdAt} must be an RFC 3339 date-time). Schemas never forbid unknown
 * fields, because readers ignore them. Instances are immutable and thread-safe. Failures are reported as {@link
 * AssertionError}, so they read as test failures: an unknown message type, or a payload that is not JSON or
 * violates its schema.
 */
public final class Contracts {

    private static final String ROOT = "contracts/";
    private static final String ANCHOR = ROOT + "asyncapi.yaml";
    private static final String SCHEMAS = "schemas/";
    private static final String EXAMPLES = "examples/";
    private static final String SCHEMA_SUFFIX = ".schema.json";
    /** The base of every schema's {@code $id}; relative {@code $ref}s resolve against it. */
    static final String SCHEMA_ID_BASE = "https://shopfloor.dev/contracts/schemas/";

    private static final Pattern MESSAGE_TYPE = Pattern.compile("[a-z]+\\.[A-Z][A-Za-z]+\\.v[1-9][0-9]*");

    private static Contracts loaded;

    private final SortedMap<String, Contract> contracts;

    private record Contract(String schemaText, Schema schema, List<String> examples) {}

    private Contracts(SortedMap<String, Contract> contracts) {
        this.contracts = Collections.unmodifiableSortedMap(contracts);
    }

    /**
     * Reads and compiles the contracts from the classpath, once per class loader; later calls return the same
     * instance.
     *
     * @return the contracts
     * @throws IllegalStateException when the resources are missing or inconsistent: no {@code
     *     contracts/asyncapi.yaml}, a schema that does not compile or whose {@code $ref} does not resolve, an
     *     examples folder without a schema, or an example outside a message type's folder
     * @throws UncheckedIOException when a resource cannot be read
     */
    public static synchronized Contracts load() {
        if (loaded == null) {
            loaded = read(readResources());
        }
        return loaded;
    }

    /**
     * The message types that have a schema, e.g. {@code inventory.ReserveStock.v1}.
     *
     * @return the types, sorted by name; unmodifiable
     */
    public Set<String> messageTypes() {
        return contracts.keySet();
    }

    /**
     * Validates a payload (the Kafka record value) against its message type's schema.
     *
     * @param messageType the {@code message-type} header, e.g. {@code payment.PaymentDeclined.v1}
     * @param json the payload as JSON text
     * @throws AssertionError when the type has no schema, the text is not JSON, or the payload violates the schema;
     *     the message names the type and lists every violation with its JSON path (e.g. {@code $.items[0].quantity:
     *     must have a minimum value of 1}), followed by the payload
     */
    public void validate(String messageType, String json) {
        Objects.requireNonNull(json, "json");
        Contract contract = contract(messageType);
        List<Error> errors;
        try {
            errors = contract.schema().validate(json, InputFormat.JSON);
        } catch (JacksonException e) {
            throw new AssertionError(
                    messageType + " payload is not JSON: " + e.getOriginalMessage() + "\npayload: " + json, e);
        }
        if (!errors.isEmpty()) {
            StringBuilder message = new StringBuilder()
                    .append(messageType)
                    .append(" payload violates its schema (")
                    .append(errors.size())
                    .append(errors.size() == 1 ? " violation):" : " violations):");
            for (Error error : errors) {
                message.append("\n  - ").append(describe(error));
            }
            message.append("\npayload: ").append(json);
            throw new AssertionError(message.toString());
        }
    }

    /**
     * The example payloads of a message type.
     *
     * @param messageType e.g. {@code inventory.ReserveStock.v1}
     * @return the JSON texts, ordered by file name, at least one per type the contracts ship; unmodifiable
     * @throws AssertionError when the type has no schema
     */
    public List<String> examples(String messageType) {
        return contract(messageType).examples();
    }

    /**
     * The JSON Schema of a message type, as written (its {@code $ref}s into {@code common.schema.json} are not
     * inlined).
     *
     * @param messageType e.g. {@code inventory.ReserveStock.v1}
     * @return the schema's JSON text
     * @throws AssertionError when the type has no schema
     */
    public String schema(String messageType) {
        return contract(messageType).schemaText();
    }

    private Contract contract(String messageType) {
        Objects.requireNonNull(messageType, "messageType");
        Contract contract = contracts.get(messageType);
        if (contract == null) {
            throw new AssertionError("unknown message type '" + messageType + "'; known: " + contracts.keySet());
        }
        return contract;
    }

    private static String describe(Error error) {
        String message = error.getMessage();
        String location = String.valueOf(error.getInstanceLocation());
        return message.startsWith(location) ? message : location + ": " + message;
    }

    /** Builds the contracts from resource texts keyed by their path below {@code contracts/}. */
    static Contracts read(Map<String, String> resources) {
        Map<String, String> schemasById = new HashMap<>();
        SortedMap<String, String> schemaTexts = new TreeMap<>();
        SortedMap<String, SortedMap<String, String>> examples = new TreeMap<>();
        resources.forEach((path, text) -> {
            if (path.startsWith(SCHEMAS) && path.endsWith(SCHEMA_SUFFIX)) {
                String file = path.substring(SCHEMAS.length());
                schemasById.put(SCHEMA_ID_BASE + file, text);
                String name = file.substring(0, file.length() - SCHEMA_SUFFIX.length());
                if (MESSAGE_TYPE.matcher(name).matches()) {
                    schemaTexts.put(name, text);
                }
            } else if (path.startsWith(EXAMPLES) && path.endsWith(".json")) {
                String[] parts = path.substring(EXAMPLES.length()).split("/", 2);
                if (parts.length != 2) {
                    throw new IllegalStateException(ROOT + path + " is not in a folder named after its message type");
                }
                examples.computeIfAbsent(parts[0], type -> new TreeMap<>()).put(parts[1], text);
            }
        });
        for (String type : examples.keySet()) {
            if (!schemaTexts.containsKey(type)) {
                throw new IllegalStateException(ROOT + EXAMPLES + type + " has no schema " + type + SCHEMA_SUFFIX);
            }
        }
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_2020_12,
                builder -> builder
                        // Resolves $id and $ref from the texts read above; nothing is fetched from the network.
                        .schemas(schemasById)
                        .schemaRegistryConfig(SchemaRegistryConfig.builder()
                                .formatAssertionsEnabled(true)
                                .pathType(PathType.JSON_PATH)
                                .build()));
        SortedMap<String, Contract> contracts = new TreeMap<>();
        schemaTexts.forEach((type, text) -> {
            Schema schema;
            try {
                schema = registry.getSchema(SchemaLocation.of(SCHEMA_ID_BASE + type + SCHEMA_SUFFIX));
                schema.initializeValidators(); // resolves every $ref now, not at the first validation
            } catch (SchemaException | JacksonException e) {
                throw new IllegalStateException("schema of " + type + " does not compile: " + e.getMessage(), e);
            }
            List<String> texts = List.copyOf(
                    examples.getOrDefault(type, Collections.emptySortedMap()).values());
            contracts.put(type, new Contract(text, schema, texts));
        });
        return new Contracts(contracts);
    }

    /** Reads every file below {@code contracts/}, whether the classpath holds it as a folder or in a jar. */
    private static Map<String, String> readResources() {
        URL anchor = Contracts.class.getClassLoader().getResource(ANCHOR);
        if (anchor == null) {
            throw new IllegalStateException(ANCHOR + " is not on the classpath");
        }
        try {
            switch (anchor.getProtocol()) {
                case "file" -> {
                    return readTree(Path.of(anchor.toURI()).getParent());
                }
                case "jar" -> {
                    Path jar = Path.of(((JarURLConnection) anchor.openConnection())
                            .getJarFileURL()
                            .toURI());
                    try (FileSystem zip = FileSystems.newFileSystem(jar)) {
                        return readTree(zip.getPath("/" + ROOT));
                    }
                }
                default -> throw new IllegalStateException("cannot list resources at " + anchor);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + anchor, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot read " + anchor, e);
        }
    }

    private static Map<String, String> readTree(Path root) throws IOException {
        Map<String, String> texts = new HashMap<>();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        for (Path file : files) {
            String relative = root.relativize(file)
                    .toString()
                    .replace(file.getFileSystem().getSeparator(), "/");
            texts.put(relative, Files.readString(file, StandardCharsets.UTF_8));
        }
        return texts;
    }
}
