package dev.shopfloor.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.shopfloor.messaging.inbox.InboundMessage;
import dev.shopfloor.messaging.inbox.Inbox;
import dev.shopfloor.messaging.outbox.OutboundMessage;
import dev.shopfloor.messaging.outbox.Outbox;
import dev.shopfloor.messaging.relay.OutboxRelay;
import dev.shopfloor.testing.EmbeddedInfrastructure;
import dev.shopfloor.testing.KafkaTestClient;
import dev.shopfloor.testing.StoredOffsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

@SpringBootTest
@EmbeddedInfrastructure
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutboxRelayIT {

    @Autowired
    Outbox outbox;

    @Autowired
    Inbox inbox;

    @Autowired
    OutboxRelay relay;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Environment environment;

    KafkaTestClient kafka;

    @BeforeAll
    void connect() {
        kafka = new KafkaTestClient(environment.getProperty("spring.kafka.bootstrap-servers"));
    }

    @AfterAll
    void disconnect() {
        kafka.close();
    }

    @Test
    void publishesCommittedMessagesWithTheirEnvelope() {
        String orderId = String.valueOf(System.nanoTime());
        UUID id = transactions.execute(tx -> outbox.append(message(orderId, Map.of("orderId", orderId))));

        ConsumerRecord<String, String> record =
                kafka.awaitRecord(Topics.INVENTORY_COMMANDS, r -> orderId.equals(r.key()), Duration.ofSeconds(30));

        assertThat(record.value()).contains("\"orderId\"").contains(orderId);
        assertThat(KafkaTestClient.header(record, MessageHeaders.MESSAGE_ID)).isEqualTo(id.toString());
        assertThat(KafkaTestClient.header(record, MessageHeaders.MESSAGE_TYPE)).isEqualTo("inventory.ReserveStock.v1");
        assertThat(KafkaTestClient.header(record, MessageHeaders.SAGA_ID)).isEqualTo("saga-" + orderId);
        assertThat(KafkaTestClient.header(record, MessageHeaders.CORRELATION_ID))
                .isEqualTo(orderId);
        assertThat(KafkaTestClient.header(record, MessageHeaders.OCCURRED_AT)).endsWith("Z");
    }

    @Test
    void publishesNothingOfARolledBackTransaction() {
        String rolledBack = "rb" + System.nanoTime();
        String committed = "ok" + System.nanoTime();
        transactions.executeWithoutResult(tx -> {
            outbox.append(message(rolledBack, Map.of("orderId", rolledBack)));
            tx.setRollbackOnly();
        });
        transactions.execute(tx -> outbox.append(message(committed, Map.of("orderId", committed))));

        List<ConsumerRecord<String, String>> seen = kafka.awaitRecords(
                Topics.INVENTORY_COMMANDS,
                r -> committed.equals(r.key()) || rolledBack.equals(r.key()),
                1,
                Duration.ofSeconds(30));
        assertThat(seen).extracting(ConsumerRecord::key).containsExactly(committed);
    }

    @Test
    void keepsCommitOrderForOneKey() {
        String orderId = "seq" + System.nanoTime();
        for (int i = 0; i < 20; i++) {
            int n = i;
            transactions.execute(tx -> outbox.append(message(orderId, Map.of("n", n))));
        }
        // At least once: a row committed while the relay's first-start snapshot runs may be published twice (by the
        // snapshot and by streaming). Consumers deduplicate by message-id; so does this test, keeping first copies.
        java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<ConsumerRecord<String, String>> records = kafka.awaitRecords(
                Topics.INVENTORY_COMMANDS,
                r -> orderId.equals(r.key()) && seen.add(KafkaTestClient.header(r, MessageHeaders.MESSAGE_ID)),
                20,
                Duration.ofSeconds(30));
        assertThat(records)
                .extracting(ConsumerRecord::value)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20)
                        .mapToObj(n -> "{\"n\": " + n + "}")
                        .toList());
    }

    @Test
    void resumesAfterARestartWithoutLosingMessagesWrittenWhileStopped() {
        relay.stop();
        String orderId = "restart" + System.nanoTime();
        transactions.execute(tx -> outbox.append(message(orderId, Map.of("orderId", orderId))));
        relay.start();

        ConsumerRecord<String, String> record =
                kafka.awaitRecord(Topics.INVENTORY_COMMANDS, r -> orderId.equals(r.key()), Duration.ofSeconds(60));
        assertThat(record.value()).contains(orderId);
        assertThat(jdbc.sql("select count(*) from relay_offset")
                        .query(Long.class)
                        .single())
                .isPositive();
    }

    /**
     * Stored offsets older than the slot's restart position: another instance of the service relayed on the same slot
     * after this one loaded its offsets (the slot moved on; Postgres moves its restart LSN at the next
     * running-transactions record). The relay resumes from the slot and goes on publishing; with Debezium's default it
     * refused to start at every restart ("no longer available on the server") and published nothing again.
     */
    @Test
    void resumesFromItsSlotWhenItsStoredOffsetsAreOlderThanTheSlot() {
        String before = "stale" + System.nanoTime();
        transactions.execute(tx -> outbox.append(message(before, Map.of("orderId", before))));
        kafka.awaitRecord(Topics.INVENTORY_COMMANDS, r -> before.equals(r.key()), Duration.ofSeconds(60));
        relay.stop();
        awaitSlotInactive();
        long storedLsn = jdbc.sql("select offset_value from relay_offset").query(byte[].class).list().stream()
                .mapToLong(StoredOffsets::newestLsn)
                .max()
                .orElseThrow();
        String meanwhile = "meanwhile" + System.nanoTime();
        transactions.execute(tx -> outbox.append(message(meanwhile, Map.of("orderId", meanwhile))));
        // What another instance of the service leaves when it relays on this slot meanwhile: the slot confirmed past
        // that message and, at a running-transactions record, its restart LSN past this instance's stored offsets (one
        // is logged and the slot advanced past it, until the WAL is flushed that far: commits here are asynchronous).
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    jdbc.sql("select pg_log_standby_snapshot()").query().singleRow();
                    jdbc.sql("select pg_replication_slot_advance(?, pg_current_wal_lsn())")
                            .param(relay.slotName())
                            .query()
                            .singleRow();
                    assertThat(walPosition("(select restart_lsn from pg_replication_slots where slot_name = '"
                                    + relay.slotName() + "')"))
                            .as("the slot's restart LSN is past the stored offsets")
                            .isGreaterThan(storedLsn);
                });

        relay.start();

        String after = "after" + System.nanoTime();
        transactions.execute(tx -> outbox.append(message(after, Map.of("orderId", after))));
        kafka.awaitRecord(Topics.INVENTORY_COMMANDS, r -> after.equals(r.key()), Duration.ofSeconds(60));
    }

    @Test
    void readsAFailoverSlot() {
        assertThat(slotFailover()).isTrue();
    }

    @Test
    void makesThePlainSlotItFindsAtStartAFailoverSlot() throws Exception {
        relay.stop();
        awaitSlotInactive();
        // what a slot made before failover slots looks like: the relay's own slot, at its position, with failover off
        try (Connection replication = DriverManager.getConnection(
                        environment.getRequiredProperty("spring.datasource.url"), replicationLogin());
                Statement statement = replication.createStatement()) {
            statement.execute("ALTER_REPLICATION_SLOT \"" + relay.slotName() + "\" ( FAILOVER false )");
        }
        assertThat(slotFailover()).isFalse();

        relay.start();

        assertThat(slotFailover()).isTrue();
        String orderId = "failover" + System.nanoTime();
        transactions.execute(tx -> outbox.append(message(orderId, Map.of("orderId", orderId))));
        kafka.awaitRecord(Topics.INVENTORY_COMMANDS, r -> orderId.equals(r.key()), Duration.ofSeconds(60));
    }

    private void awaitSlotInactive() {
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> !jdbc.sql("select active from pg_replication_slots where slot_name = ?")
                        .param(relay.slotName())
                        .query(Boolean.class)
                        .single());
    }

    /** An LSN in bytes: {@code lsn} is an SQL expression of type {@code pg_lsn}. */
    private long walPosition(String lsn) {
        return jdbc.sql("select (" + lsn + ") - '0/0'::pg_lsn")
                .query(Long.class)
                .single();
    }

    private boolean slotFailover() {
        return jdbc.sql("select failover from pg_replication_slots where slot_name = ?")
                .param(relay.slotName())
                .query(Boolean.class)
                .single();
    }

    private Properties replicationLogin() {
        Properties login = new Properties();
        login.setProperty("user", environment.getRequiredProperty("spring.datasource.username"));
        login.setProperty("password", environment.getProperty("spring.datasource.password", ""));
        login.setProperty("replication", "database");
        login.setProperty("assumeMinServerVersion", "9.4");
        login.setProperty("preferQueryMode", "simple");
        return login;
    }

    @Autowired
    MessagingTestApplication.RecordingListener listener;

    @Test
    void sendsAPoisonRecordToTheDeadLetterTopicAndProcessesTheNextOne() {
        String key = "poison" + System.nanoTime();
        kafka.send(Topics.ORDER_COMMANDS, key, envelope("order.Poison.v1"), "{}");
        Map<String, String> valid = envelope("order.ApproveOrder.v1");
        kafka.send(Topics.ORDER_COMMANDS, key, valid, "{\"orderId\":\"1\"}");

        ConsumerRecord<String, String> dead = kafka.awaitRecord(
                Topics.deadLetter(Topics.ORDER_COMMANDS), r -> key.equals(r.key()), Duration.ofSeconds(30));
        assertThat(KafkaTestClient.header(dead, MessageHeaders.DEAD_LETTER_CAUSE))
                .isEqualTo(dev.shopfloor.messaging.inbox.PoisonMessageException.class.getName());
        assertThat(KafkaTestClient.header(dead, MessageHeaders.DEAD_LETTER_MESSAGE))
                .contains("refused by the test listener");
        assertThat(KafkaTestClient.header(dead, MessageHeaders.DEAD_LETTER_ORIGINAL_TOPIC))
                .isEqualTo(Topics.ORDER_COMMANDS);
        assertThat(KafkaTestClient.header(dead, MessageHeaders.MESSAGE_TYPE)).isEqualTo("order.Poison.v1");
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> listener.received.stream()
                        .anyMatch(m -> m.messageId().toString().equals(valid.get(MessageHeaders.MESSAGE_ID))));
    }

    private static Map<String, String> envelope(String type) {
        return Map.of(MessageHeaders.MESSAGE_ID, UUID.randomUUID().toString(), MessageHeaders.MESSAGE_TYPE, type);
    }

    @Test
    void refusesToWriteOutsideATransaction() {
        assertThatThrownBy(() -> outbox.append(message("x", Map.of())))
                .isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void inboxAcceptsAMessageIdOnce() {
        InboundMessage message =
                new InboundMessage(UUID.randomUUID(), "inventory.ReserveStock.v1", null, "1", null, "1", "{}");
        Boolean first = transactions.execute(tx -> inbox.firstDelivery(message));
        Boolean second = transactions.execute(tx -> inbox.firstDelivery(message));
        assertThat(first).isTrue();
        assertThat(second).isFalse();
    }

    @Test
    void inboxForgetsAMessageWhoseEffectRolledBack() {
        InboundMessage message =
                new InboundMessage(UUID.randomUUID(), "inventory.ReserveStock.v1", null, "1", null, "1", "{}");
        transactions.executeWithoutResult(tx -> {
            inbox.firstDelivery(message);
            tx.setRollbackOnly();
        });
        Boolean again = transactions.execute(tx -> inbox.firstDelivery(message));
        assertThat(again).isTrue();
    }

    @Test
    void readsTheEnvelopeAndRejectsRecordsWithoutOne() {
        var bare = new ConsumerRecord<>(Topics.SAGA_REPLIES, 0, 0L, "1", "{}");
        assertThatThrownBy(() -> InboundMessage.from(bare))
                .isInstanceOf(dev.shopfloor.messaging.inbox.PoisonMessageException.class);

        UUID id = UUID.randomUUID();
        var enveloped = new ConsumerRecord<>(Topics.SAGA_REPLIES, 0, 0L, "7", "{\"orderId\":\"7\"}");
        enveloped.headers().add(MessageHeaders.MESSAGE_ID, id.toString().getBytes());
        enveloped.headers().add(MessageHeaders.MESSAGE_TYPE, "inventory.StockReserved.v1".getBytes());
        enveloped.headers().add(MessageHeaders.SAGA_ID, "s-7".getBytes());
        enveloped.headers().add(MessageHeaders.OCCURRED_AT, "2026-11-30T08:00:00Z".getBytes());
        InboundMessage read = InboundMessage.from(enveloped);
        assertThat(read.messageId()).isEqualTo(id);
        assertThat(read.sagaId()).isEqualTo("s-7");
        assertThat(read.occurredAt()).isEqualTo(java.time.Instant.parse("2026-11-30T08:00:00Z"));
    }

    private static OutboundMessage message(String orderId, Object payload) {
        return new OutboundMessage(
                Topics.INVENTORY_COMMANDS,
                orderId,
                MessageType.of("inventory.ReserveStock.v1"),
                "saga-" + orderId,
                orderId,
                payload);
    }
}
