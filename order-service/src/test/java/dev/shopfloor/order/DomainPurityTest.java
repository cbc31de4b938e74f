package dev.shopfloor.order;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The domain model stays plain Java: no framework, messaging, JSON or JDBC types, and no adapters. */
class DomainPurityTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.shopfloor.order");
    }

    @Test
    void domainDependsOnNoFrameworkMessagingJsonOrJdbc() {
        noClasses()
                .that()
                .resideInAPackage("dev.shopfloor.order.domain..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "org.apache.kafka..",
                        "tools.jackson..",
                        "com.fasterxml..",
                        "java.sql..",
                        "javax.sql..",
                        "jakarta.persistence..",
                        "dev.shopfloor.messaging..")
                .check(classes);
    }

    @Test
    void domainDependsOnNoFeatureOrAdapter() {
        noClasses()
                .that()
                .resideInAPackage("dev.shopfloor.order.domain..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.shopfloor.order.placement..",
                        "dev.shopfloor.order.query..",
                        "dev.shopfloor.order.approval..",
                        "dev.shopfloor.order.persistence..",
                        "dev.shopfloor.order.messaging..",
                        "dev.shopfloor.order.web..",
                        "dev.shopfloor.order.config..")
                .check(classes);
    }
}
