package dev.shopfloor.local.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shopfloor.local.audit.PlatformAudit.Account;
import dev.shopfloor.local.audit.PlatformAudit.Authorization;
import dev.shopfloor.local.audit.PlatformAudit.Movement;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The audit's reconciliation on hand-made snapshots: a balanced platform passes every invariant, and each kind of
 * imbalance fails the invariant that names it.
 */
class PlatformAuditTest {

    private static final Instant NOW = Instant.parse("2026-03-14T10:00:00Z");
    private static final Instant LONG_AGO = NOW.minusSeconds(600);

    /** The audit of a live platform: it knows only what the databases hold. */
    private final PlatformAudit audit = new PlatformAudit(database -> null, Duration.ofMinutes(2), Map.of());

    /** The audit of a test that knows how many units it put into stock. */
    private final PlatformAudit counting = audit.expectingReceived(Map.of("SKU-A", 10L));

    /**
     * Two settled orders (one approved for 2 x 5.00, one rejected) and nothing held; 10 units of SKU-A received, and
     * every move of the stock in its movement log.
     */
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
                .movement(new Movement("SKU-A", "OPENING", 4, null))
                .movement(new Movement("SKU-A", "RECEIVED", 6, null))
                .movement(new Movement("SKU-A", "RESERVED", 2, 1L))
                .movement(new Movement("SKU-A", "RESERVED", 1, 2L))
                .movement(new Movement("SKU-A", "RELEASED", 1, 2L))
                .movement(new Movement("SKU-A", "COMMITTED", 2, 1L))
                .account(new Account("alice", money("0.00"), money("10.00")));
    }

    @Test
    void passesEveryInvariantOfABalancedPlatform() {
        for (PlatformAudit anAudit : List.of(audit, counting)) {
            PlatformAudit.Report report = anAudit.check(balanced());

            assertThat(report.verdicts())
                    .hasSize(10)
                    .allSatisfy(verdict -> assertThat(verdict.result())
                            .as(verdict.invariant() + " " + verdict.violations())
                            .isEqualTo(Result.PASS));
            assertThat(report.allHold()).isTrue();
        }
    }

    @Test
    void checksOnHandAgainstTheMovementLogWithoutBeingToldWhatWasReceived() {
        Verdict onHand = verdict(audit, balanced(), "on-hand = initial + added - committed");

        assertThat(onHand.result()).isEqualTo(Result.PASS);
        assertThat(onHand.checked()).isEqualTo(1);
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
    void findsATamperedOnHand() {
        Snapshot data = balanced().stock(new Stock("SKU-A", 9, 0));

        assertThat(failed(data, "on-hand = initial + added - committed"))
                .containsExactly("SKU-A: on-hand 9, the movement log says 10 received - 2 committed = 8");
    }

    @Test
    void findsAReceiptMissingFromTheMovementLog() {
        Snapshot data = balanced();
        data.movements.remove(new Movement("SKU-A", "RECEIVED", 6, null));

        assertThat(failed(data, "on-hand = initial + added - committed"))
                .containsExactly("SKU-A: on-hand 8, the movement log says 4 received - 2 committed = 2");
        assertThat(failed(counting, data, "on-hand = initial + added - committed"))
                .contains("SKU-A: the movement log received 4 units, 10 were put into stock");
    }

    @Test
    void findsReceiptsThatDoNotMatchWhatTheCallerPutIntoStock() {
        PlatformAudit expectingMore = audit.expectingReceived(Map.of("SKU-A", 12L, "SKU-B", 1L));

        assertThat(failed(expectingMore, balanced(), "on-hand = initial + added - committed"))
                .containsExactly(
                        "SKU-A: the movement log received 10 units, 12 were put into stock",
                        "SKU-B: the movement log received 0 units, 1 were put into stock");
    }

    @Test
    void findsACommitMissingFromTheMovementLog() {
        Snapshot data = balanced();
        data.movements.remove(new Movement("SKU-A", "COMMITTED", 2, 1L));

        assertThat(failed(data, "on-hand = initial + added - committed"))
                .anyMatch(line -> line.contains("10 received - 0 committed = 10"));
        assertThat(failed(data, "each reservation's moves once"))
                .containsExactly(
                        "order 1: SKU-A is COMMITTED (2 units), the movement log holds [RESERVED 2]",
                        "SKU-A: reserved 0, the movement log says 2");
    }

    @Test
    void findsAMovementLoggedTwice() {
        Snapshot data = balanced().movement(new Movement("SKU-A", "COMMITTED", 2, 1L));

        assertThat(failed(data, "each reservation's moves once"))
                .contains("order 1: SKU-A is COMMITTED (2 units), the movement log holds [COMMITTED 2, COMMITTED 2,"
                        + " RESERVED 2]");
        assertThat(failed(data, "on-hand = initial + added - committed")).hasSize(1);
    }

    @Test
    void findsAReservedCountThatDoesNotMatchTheMovementLog() {
        Snapshot data = balanced().stock(new Stock("SKU-A", 8, 1));

        assertThat(failed(data, "each reservation's moves once"))
                .containsExactly("SKU-A: reserved 1, the movement log says 0");
    }

    @Test
    void findsMovementsOfAnOrderWithoutAReservation() {
        Snapshot data = balanced()
                .movement(new Movement("SKU-A", "RESERVED", 1, 9L))
                .movement(new Movement("SKU-A", "RELEASED", 1, 9L));

        assertThat(failed(data, "each reservation's moves once"))
                .containsExactly("order 9: SKU-A has movements [RESERVED 1, RELEASED 1] but no reservation");
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
                .hasSize(10);
        assertThat(printed).contains("FAIL  the saga of every order").contains("Some invariants are broken.");
    }

    private List<String> failed(Snapshot data, String invariant) {
        return failed(audit, data, invariant);
    }

    private static List<String> failed(PlatformAudit audit, Snapshot data, String invariant) {
        Verdict verdict = verdict(audit, data, invariant);
        assertThat(verdict.result()).as(verdict.invariant()).isEqualTo(Result.FAIL);
        return verdict.violations();
    }

    private static Verdict verdict(PlatformAudit audit, Snapshot data, String invariant) {
        return audit.check(data).verdicts().stream()
                .filter(v -> v.invariant().contains(invariant))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no invariant " + invariant));
    }

    private static BigDecimal money(String amount) {
        return new BigDecimal(amount);
    }
}
