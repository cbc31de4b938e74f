package dev.shopfloor.inventory;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Service;

/**
 * Keeps the domain free of frameworks (in the spirit of ddd-by-examples' {@code NoSpringInDomainLogicTest}): the
 * root package of each feature holds the domain model and its repository interfaces, which import no Spring, Kafka,
 * Jackson or JDBC. The one exception is the feature's application service ({@code @Service}), which may use Spring's
 * stereotype and transaction annotations, but still no Kafka, Jackson, JDBC or web types.
 */
class ArchitectureTest {

    private static final String[] FEATURES = {
        "dev.shopfloor.inventory.catalog", "dev.shopfloor.inventory.stock", "dev.shopfloor.inventory.reservation"
    };

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.shopfloor.inventory");

    @Test
    void domainImportsNoFramework() {
        ArchRule rule = noClasses()
                .that()
                .resideInAnyPackage(FEATURES)
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
                        "dev.shopfloor.messaging..");
        rule.check(CLASSES);
    }

    @Test
    void applicationServicesUseOnlySpringsTransactionsAndStereotypes() {
        ArchRule rule = noClasses()
                .that()
                .resideInAnyPackage(FEATURES)
                .and()
                .areAnnotatedWith(Service.class)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework.jdbc..",
                        "org.springframework.kafka..",
                        "org.springframework.web..",
                        "org.springframework.http..",
                        "org.apache.kafka..",
                        "tools.jackson..",
                        "com.fasterxml..",
                        "java.sql..",
                        "javax.sql..",
                        "dev.shopfloor.messaging..");
        rule.check(CLASSES);
    }

    @Test
    void domainDoesNotReachIntoAdapters() {
        ArchRule rule = noClasses()
                .that()
                .resideInAnyPackage(FEATURES)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("..web..", "..messaging..", "..persistence..");
        rule.check(CLASSES);
    }
}
