package dev.shopfloor.payment.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.springframework.stereotype.Service;

/**
 * The domain model (aggregates, value objects, domain exceptions and repository ports in each feature's root
 * package) imports no framework, messaging, JSON or JDBC types. The application services beside it may use Spring
 * for their stereotype and transactions, nothing else.
 */
@AnalyzeClasses(packages = "dev.shopfloor.payment", importOptions = ImportOption.DoNotIncludeTests.class)
class DomainPurityTest {

    private static final String[] FEATURE_ROOTS = {
        "dev.shopfloor.payment.account", "dev.shopfloor.payment.authorization"
    };

    @ArchTest
    static final ArchRule domainModelImportsNoFrameworks = noClasses()
            .that()
            .resideInAnyPackage(FEATURE_ROOTS)
            .and()
            .areNotAnnotatedWith(Service.class)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.springframework..",
                    "org.apache.kafka..",
                    "tools.jackson..",
                    "com.fasterxml..",
                    "java.sql..",
                    "javax.sql..",
                    "jakarta..",
                    "dev.shopfloor.messaging..");

    @ArchTest
    static final ArchRule applicationServicesUseSpringOnlyForStereotypeAndTransactions = classes()
            .that()
            .resideInAnyPackage(FEATURE_ROOTS)
            .and()
            .areAnnotatedWith(Service.class)
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(
                    "java..",
                    "dev.shopfloor.payment.account",
                    "dev.shopfloor.payment.authorization",
                    "dev.shopfloor.payment.config",
                    "org.springframework.stereotype..",
                    "org.springframework.transaction.annotation..");

    @ArchTest
    static final ArchRule domainDoesNotReachIntoAdapters = noClasses()
            .that()
            .resideInAnyPackage(FEATURE_ROOTS)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("..payment..web..", "..payment..persistence..", "..payment..messaging..");
}
