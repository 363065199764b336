package io.llmrouter.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * Proves the boundary rules bite: the same rule as for the domain, applied to a class that crosses
 * the boundary (a test fixture importing a framework type), must fail.
 */
class ArchitectureRulesCanFailTest {

    /** Stands in for a domain class that reached for a library. */
    static final class LeakyDomainClass {
        final com.tngtech.archunit.core.domain.JavaClass leak = null;
    }

    @Test
    void onlyJdkRule_classUsingALibrary_fails() {
        JavaClasses leaky = new ClassFileImporter().importClasses(LeakyDomainClass.class);
        assertThrows(AssertionError.class, () -> classes()
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.llmrouter.architecture..", "java..")
                .check(leaky));
    }
}
