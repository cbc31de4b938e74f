package dev.shopfloor.readmodel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Service;

/**
 * The projection's domain (views, row changes, positions, the port) imports no framework, no Debezium, no JDBC; only
 * its application service may use Spring's stereotype and transaction annotations.
 */
class DomainPurityTest {

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.shopfloor.readmodel");

    @Test
    void projectionDomainImportsNoFramework() {
        noClasses()
                .that()
                .resideInAPackage("dev.shopfloor.readmodel.projection")
                .and()
                .areNotAnnotatedWith(Service.class)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "io.debezium..",
                        "org.apache.kafka..",
                        "tools.jackson..",
                        "java.sql..",
                        "javax.sql..",
                        "dev.shopfloor.messaging..")
                .check(CLASSES);
    }

    @Test
    void projectionServiceUsesOnlyTransactionsAndStereotypes() {
        noClasses()
                .that()
                .resideInAPackage("dev.shopfloor.readmodel.projection")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework.jdbc..", "org.springframework.web..", "io.debezium..", "java.sql..")
                .check(CLASSES);
    }
}
