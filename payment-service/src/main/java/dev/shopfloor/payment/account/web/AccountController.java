package dev.shopfloor.payment.account.web;

import dev.shopfloor.payment.account.AccountManagement;
import dev.shopfloor.payment.account.AccountManagement.CreditLimitSet;
import dev.shopfloor.payment.account.AccountNotFound;
import dev.shopfloor.payment.account.CustomerId;
import dev.shopfloor.security.Caller;
import dev.shopfloor.security.servlet.ForeignCustomer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Customers' payment accounts: {@code PUT} opens an account or changes its credit limit, {@code GET} reads it.
 * Errors are {@code application/problem+json} (see {@code dev.shopfloor.payment.web.ProblemHandling}).
 */
@RestController
@RequestMapping("/api/customers/{customerId}/account")
@Tag(name = "accounts", description = "Customers' credit accounts")
class AccountController {

    static final String CUSTOMER_ID = "^[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}$";

    private final AccountManagement accounts;

    AccountController(AccountManagement accounts) {
        this.accounts = accounts;
    }

    @PutMapping
    @Operation(
            summary = "Open the customer's account or change its credit limit",
            description = "201 with Location when the account was opened, 200 when its limit changed; 409 when the"
                    + " new limit is below the credit already reserved or used; 422 for a negative limit, more than"
                    + " two fraction digits or another currency than the platform's")
    ResponseEntity<AccountResponse> put(
            @PathVariable @Pattern(regexp = CUSTOMER_ID) String customerId,
            @RequestBody @Valid AccountRequest request,
            Caller caller) {
        if (!caller.mayActFor(customerId)) {
            throw new ForeignCustomer(customerId);
        }
        CreditLimitSet result = accounts.setCreditLimit(
                new CustomerId(customerId), request.creditLimit().toMoney());
        AccountResponse body = AccountResponse.of(result.account());
        if (result.opened()) {
            return ResponseEntity.created(URI.create("/api/customers/" + customerId + "/account"))
                    .body(body);
        }
        return ResponseEntity.ok(body);
    }

    @GetMapping
    @Operation(summary = "Read the customer's account", description = "404 when the customer has no account")
    AccountResponse get(@PathVariable @Pattern(regexp = CUSTOMER_ID) String customerId, Caller caller) {
        if (!caller.mayActFor(customerId)) {
            // another customer's account is answered exactly like a missing one
            throw new AccountNotFound(new CustomerId(customerId));
        }
        return AccountResponse.of(accounts.account(new CustomerId(customerId)));
    }
}
