package dev.shopfloor.order.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PlaceOrderTest {

    private static PlaceOrder.Item item(String sku, Integer quantity) {
        return new PlaceOrder.Item(sku, quantity);
    }

    private static List<Violation> violationsOf(String customerId, List<PlaceOrder.Item> items) {
        return catchThrowableOfType(InvalidOrder.class, () -> new PlaceOrder(customerId, items))
                .violations();
    }

    @Test
    void acceptsAWellFormedRequest() {
        PlaceOrder command = new PlaceOrder("customer-1", List.of(item("SKU-1", 2), item("SKU-2B", 1)));

        assertThat(command.skus()).containsExactly("SKU-1", "SKU-2B");
    }

    @Test
    void rejectsMissingCustomerId() {
        assertThat(violationsOf(null, List.of(item("SKU-1", 1))))
                .containsExactly(new Violation("customerId", "is required"));
        assertThat(violationsOf("", List.of(item("SKU-1", 1))))
                .extracting(Violation::field)
                .containsExactly("customerId");
    }

    @Test
    void acceptsCustomerIdsShapedLikeOidcSubjects() {
        for (String subject :
                List.of("alice", "3f1c2a9e-7b1d-4c55-9f0e-2b8f6d1e4a77", "bob@example.org", "auth0:1234")) {
            assertThat(new PlaceOrder(subject, List.of(item("SKU-1", 1))).customerId())
                    .isEqualTo(subject);
        }
    }

    @Test
    void rejectsCustomerIdOfTheWrongShape() {
        assertThat(violationsOf("has space", List.of(item("SKU-1", 1))))
                .extracting(Violation::field)
                .containsExactly("customerId");
        assertThat(violationsOf("-starts-with-dash", List.of(item("SKU-1", 1))))
                .extracting(Violation::field)
                .containsExactly("customerId");
        assertThat(violationsOf("x".repeat(65), List.of(item("SKU-1", 1))))
                .extracting(Violation::field)
                .containsExactly("customerId");
    }

    @Test
    void rejectsMissingOrEmptyItems() {
        assertThat(violationsOf("c", null)).extracting(Violation::field).containsExactly("items");
        assertThat(violationsOf("c", List.of())).extracting(Violation::field).containsExactly("items");
    }

    @Test
    void rejectsQuantityBelowOne() {
        assertThat(violationsOf("c", List.of(item("SKU-1", 0), item("SKU-2", -3))))
                .extracting(Violation::field)
                .containsExactly("items[0].quantity", "items[1].quantity");
    }

    @Test
    void rejectsMissingAndExcessiveQuantity() {
        assertThat(violationsOf("c", List.of(item("SKU-1", null), item("SKU-2", PlaceOrder.MAX_QUANTITY + 1))))
                .extracting(Violation::field)
                .containsExactly("items[0].quantity", "items[1].quantity");
    }

    @Test
    void rejectsInvalidSkus() {
        assertThat(violationsOf(
                        "c",
                        List.of(
                                item(null, 1),
                                item("", 1),
                                item("../etc", 1),
                                item("A B", 1),
                                item("sku-1", 1),
                                item("X", 1))))
                .extracting(Violation::field)
                .containsExactly(
                        "items[0].sku", "items[1].sku", "items[2].sku", "items[3].sku", "items[4].sku", "items[5].sku");
    }

    @Test
    void rejectsNullItem() {
        assertThat(violationsOf("c", Arrays.asList(item("SKU-1", 1), null)))
                .extracting(Violation::field)
                .containsExactly("items[1]");
    }

    @Test
    void rejectsTheSameSkuTwice() {
        assertThat(violationsOf("c", List.of(item("SKU-1", 1), item("SKU-2", 1), item("SKU-1", 4))))
                .extracting(Violation::field)
                .containsExactly("items[2].sku");
    }

    @Test
    void acceptsAHundredLinesButNotMore() {
        List<PlaceOrder.Item> hundred =
                IntStream.range(0, 100).mapToObj(i -> item("SKU-" + i, 1)).toList();
        assertThat(new PlaceOrder("c", hundred).items()).hasSize(100);

        List<PlaceOrder.Item> hundredAndOne = new ArrayList<>(hundred);
        hundredAndOne.add(item("SKU-100", 1));
        assertThat(violationsOf("c", hundredAndOne))
                .extracting(Violation::field)
                .containsExactly("items");
    }

    @Test
    void reportsEveryViolationAtOnce() {
        assertThat(violationsOf(null, List.of(item("bad sku", 0))))
                .extracting(Violation::field)
                .containsExactly("customerId", "items[0].sku", "items[0].quantity");
    }

    @Test
    void hashesEqualRequestsEquallyWhateverTheLineOrder() {
        PlaceOrder one = new PlaceOrder("c", List.of(item("AA", 1), item("BB", 2)));
        PlaceOrder other = new PlaceOrder("c", List.of(item("BB", 2), item("AA", 1)));

        assertThat(one.requestHash()).isEqualTo(other.requestHash()).hasSize(64);
    }

    @Test
    void hashesDifferentRequestsDifferently() {
        String hash = new PlaceOrder("c", List.of(item("AA", 1))).requestHash();

        assertThat(new PlaceOrder("c", List.of(item("AA", 2))).requestHash()).isNotEqualTo(hash);
        assertThat(new PlaceOrder("d", List.of(item("AA", 1))).requestHash()).isNotEqualTo(hash);
        assertThat(new PlaceOrder("c", List.of(item("BB", 1))).requestHash()).isNotEqualTo(hash);
        assertThat(new PlaceOrder("c", List.of(item("AA", 1), item("BB", 1))).requestHash())
                .isNotEqualTo(hash);
    }

    @Test
    void copiesItemsSoLaterChangesDoNotLeakIn() {
        List<PlaceOrder.Item> items = new ArrayList<>(List.of(item("AA", 1)));
        PlaceOrder command = new PlaceOrder("c", items);
        items.add(item("BB", 1));

        assertThat(command.items()).hasSize(1);
        assertThatThrownBy(() -> command.items().add(item("CC", 1))).isInstanceOf(UnsupportedOperationException.class);
    }
}
