package dev.shopfloor.saga;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The saga's domain (the root package of each feature) is plain Java: no Spring, Kafka, Micrometer, Jackson or JDBC, and no
 * reach into its own adapters. In the spirit of ddd-by-examples/library's {@code NoSpringInDomainLogicTest}.
 */
@AnalyzeClasses(packages = "dev.shopfloor.saga", importOptions = ImportOption.DoNotIncludeTests.class)
class DomainPurityTest {

    private static final String DOMAIN = "dev.shopfloor.saga.createorder";

    @ArchTest
    static final ArchRule domainUsesNoFrameworks = noClasses()
            .that()
            .resideInAPackage(DOMAIN)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.springframework..",
                    "org.apache.kafka..",
                    "io.micrometer..",
                    "tools.jackson..",
                    "com.fasterxml..",
                    "java.sql..",
                    "javax.sql..",
                    "jakarta.persistence..",
                    "dev.shopfloor.messaging..");

    @ArchTest
    static final ArchRule domainDoesNotKnowItsAdapters = noClasses()
            .that()
            .resideInAPackage(DOMAIN)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(DOMAIN + ".messaging..", DOMAIN + ".persistence..", DOMAIN + ".web..");
}
