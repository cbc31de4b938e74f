package dev.shopfloor.local.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.local.audit.PlatformAudit.Account;
import dev.shopfloor.local.audit.PlatformAudit.Authorization;
import dev.shopfloor.local.audit.PlatformAudit.Order;
import dev.shopfloor.local.audit.PlatformAudit.Reservation;
import dev.shopfloor.local.audit.PlatformAudit.Result;
import dev.shopfloor.local.audit.PlatformAudit.Snapshot;
import dev.shopfloor.local.audit.PlatformAudit.Stock;
import dev.shopfloor.local.audit.PlatformAudit.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The audit's reconciliation on hand-made snapshots: a balanced platform passes every invariant, and each kind of
 * imbalance fails the invariant that names it.
 */
class PlatformAuditTest {

    private static final Instant NOW = Instant.parse("2026-03-14T10:00:00Z");
    private static final Instant LONG_AGO = NOW.minusSeconds(600);

    private final PlatformAudit audit = new PlatformAudit(database -> null, Duration.ofMinutes(2), Map.of())
            .expectingReceived(Map.of("SKU-A", 10L));

    /** Two settled orders (one approved for 2 x 5.00, one rejected) and nothing held. */
    private static Snapshot balanced() {
        Snapshot data = new Snapshot();
        data.now = NOW;
        return data.order(new Order(1, "alice", "APPROVED", null, money("10.00"), LONG_AGO, Map.of("SKU-A", 2)))
                .saga(1, "COMPLETED")
                .reservation(new Reservation(1, "SKU-A", 2, "COMMITTED"))
                .authorization(new Authorization(1, "alice", money("10.00"), "CAPTURED"))
                .order(new Order(2, "alice", "REJECTED", "TIMEOUT", money("5.00"), LONG_AGO, Map.of("SKU-A", 1)))
                .saga(2, "COMPENSATED")
                .reservation(new Reservation(2, "SKU-A", 1, "RELEASED"))
                .authorization(new Authorization(2, "alice", money("5.00"), "VOIDED"))
                .stock(new Stock("SKU-A", 8, 0))
                .account(new Account("alice", money("0.00"), money("10.00")));
    }

    @Test
    void passesEveryInvariantOfABalancedPlatform() {
        PlatformAudit.Report report = audit.check(balanced());

        assertThat(report.verdicts())
                .hasSize(9)
                .allSatisfy(verdict -> assertThat(verdict.result())
                        .as(verdict.invariant() + " " + verdict.violations())
                        .isEqualTo(Result.PASS));
        assertThat(report.allHold()).isTrue();
    }

    @Test
    void findsAnOrderStillPendingAfterTheSettleTime() {
        Snapshot data = balanced()
                .order(new Order(3, "bob", "PENDING", null, money("5.00"), LONG_AGO, Map.of("SKU-A", 1)))
                .saga(3, "AUTHORIZING_PAYMENT");

        assertThat(failed(data, "is APPROVED or REJECTED")).anyMatch(line -> line.contains("order 3"));
        assertThat(failed(data, "none parked")).anyMatch(line -> line.contains("AUTHORIZING_PAYMENT"));
    }

    @Test
    void leavesAYoungPendingOrderAlone() {
        Snapshot data = balanced()
                .order(new Order(3, "bob", "PENDING", null, money("5.00"), NOW.minusSeconds(5), Map.of("SKU-A", 1)))
                .saga(3, "RESERVING_STOCK");

        assertThat(audit.check(data).allHold()).isTrue();
    }

    @Test
    void findsAParkedSaga() {
        Snapshot data = balanced().saga(2, "COMPENSATION_FAILED");

        assertThat(failed(data, "none parked")).anyMatch(line -> line.contains("COMPENSATION_FAILED"));
    }

    @Test
    void findsStockCommittedForARejectedOrder() {
        Snapshot data = balanced().reservation(new Reservation(2, "SKU-A", 1, "COMMITTED"));

        assertThat(failed(data, "committed exactly")).anyMatch(line -> line.contains("order 2"));
    }

    @Test
    void findsOnHandThatDoesNotMatchWhatWasReceivedAndSold() {
        Snapshot data = balanced().stock(new Stock("SKU-A", 9, 0));

        assertThat(failed(data, "on-hand = initial + added - committed")).anyMatch(line -> line.contains("on-hand 9"));
    }

    @Test
    void skipsTheOnHandCheckWhenNobodyKnowsWhatWasReceived() {
        PlatformAudit blind = new PlatformAudit(database -> null, Duration.ofMinutes(2), Map.of());

        Verdict onHand = blind.check(balanced()).verdicts().stream()
                .filter(verdict -> verdict.invariant().contains("on-hand ="))
                .findFirst()
                .orElseThrow();

        assertThat(onHand.result()).isEqualTo(Result.SKIP);
        assertThat(onHand.holds()).isTrue();
    }

    @Test
    void findsStockStillReservedForAFinishedSaga() {
        Snapshot data = balanced()
                .reservation(new Reservation(2, "SKU-A", 1, "RESERVED"))
                .stock(new Stock("SKU-A", 8, 1));

        assertThat(failed(data, "reserved = reservations of open sagas"))
                .anyMatch(line -> line.contains("still reserved for order 2"));
    }

    @Test
    void findsCreditStillAuthorizedForARejectedOrder() {
        Snapshot data = balanced()
                .authorization(new Authorization(2, "alice", money("5.00"), "AUTHORIZED"))
                .account(new Account("alice", money("5.00"), money("10.00")));

        assertThat(failed(data, "reserved credit")).anyMatch(line -> line.contains("order 2"));
        assertThat(failed(data, "left authorized")).anyMatch(line -> line.contains("rejected order 2"));
    }

    @Test
    void findsADoubleCharge() {
        Snapshot data = balanced().account(new Account("alice", money("0.00"), money("20.00")));

        assertThat(failed(data, "used credit")).anyMatch(line -> line.contains("used 20.00"));
    }

    @Test
    void findsAnApprovedOrderWithoutACapturedPayment() {
        Snapshot data = balanced().authorization(new Authorization(1, "alice", money("10.00"), "AUTHORIZED"));

        assertThat(failed(data, "captured payment")).anyMatch(line -> line.contains("approved order 1"));
    }

    @Test
    void printsAVerdictPerInvariant() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        audit.check(balanced().saga(2, "COMPENSATION_FAILED"))
                .print(new PrintStream(out, true, StandardCharsets.UTF_8), 5);

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed.lines().filter(line -> line.startsWith("  PASS") || line.startsWith("  FAIL")))
                .hasSize(9);
        assertThat(printed).contains("FAIL  the saga of every order").contains("Some invariants are broken.");
    }

    private java.util.List<String> failed(Snapshot data, String invariant) {
        Verdict verdict = audit.check(data).verdicts().stream()
                .filter(v -> v.invariant().contains(invariant))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no invariant " + invariant));
        assertThat(verdict.result()).as(verdict.invariant()).isEqualTo(Result.FAIL);
        return verdict.violations();
    }

    private static BigDecimal money(String amount) {
        return new BigDecimal(amount);
    }
}
