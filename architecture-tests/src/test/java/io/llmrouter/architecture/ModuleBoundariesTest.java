package io.llmrouter.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The module map of DESIGN.md, enforced: who may depend on whom. */
class ModuleBoundariesTest {

    static final String BASE = "io.llmrouter";
    static final String DOMAIN = BASE + ".domain..";
    static final String APPLICATION = BASE + ".application..";
    static final List<String> ADAPTERS = List.of(
            BASE + ".adapters.http..", BASE + ".adapters.engines..", BASE + ".adapters.k8s..", BASE + ".adapters.redis..",
            BASE + ".adapters.tracing..", BASE + ".adapters.observe..");

    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(BASE);
    }

    @Test
    void domain_dependsOnlyOnTheJdk() {
        classes().that().resideInAPackage(DOMAIN)
                .should().onlyDependOnClassesThat().resideInAnyPackage(DOMAIN, "java..")
                .check(production);
    }

    @Test
    void application_dependsOnlyOnDomainAndTheJdk() {
        classes().that().resideInAPackage(APPLICATION)
                .should().onlyDependOnClassesThat().resideInAnyPackage(APPLICATION, DOMAIN, "java..")
                .check(production);
    }

    static List<String> adapters() {
        return ADAPTERS;
    }

    @ParameterizedTest
    @MethodSource("adapters")
    void adapter_dependsOnNoOtherAdapter(String adapter) {
        String[] others = ADAPTERS.stream().filter(a -> !a.equals(adapter)).toArray(String[]::new);
        noClasses().that().resideInAPackage(adapter)
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .allowEmptyShould(adapter.contains(".redis"))
                .check(production);
    }

    @Test
    void nothingButBootstrap_dependsOnBootstrap() {
        noClasses().that().resideOutsideOfPackage(BASE + ".bootstrap..")
                .should().dependOnClassesThat().resideInAPackage(BASE + ".bootstrap..")
                .check(production);
    }

    @Test
    void innerLayers_dependOnNoAdapterAndNoBootstrap() {
        noClasses().that().resideInAnyPackage(DOMAIN, APPLICATION)
                .should().dependOnClassesThat().resideInAnyPackage(BASE + ".adapters..", BASE + ".bootstrap..", BASE + ".sim..")
                .check(production);
    }

    @Test
    void engineSimulator_isStandaloneFromTheRouter() {
        noClasses().that().resideInAPackage(BASE + ".sim..")
                .should().dependOnClassesThat().resideInAnyPackage(DOMAIN, APPLICATION, BASE + ".adapters..", BASE + ".bootstrap..")
                .check(production);
    }

    @Test
    void schedulingFramework_doesNotKnowItsPlugins() {
        noClasses().that().resideInAPackage(BASE + ".domain.scheduling.framework..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        BASE + ".domain.scheduling.filter..", BASE + ".domain.scheduling.scorer..")
                .check(production);
    }

    @Test
    void domainSlices_areFreeOfCycles() {
        slices().matching(BASE + ".domain.(*)..").should().beFreeOfCycles().check(production);
    }

    @Test
    void innerLayers_readNoEnvironmentAndNoRawClock() {
        noClasses().that().resideInAnyPackage(DOMAIN, APPLICATION)
                .should().callMethod(System.class, "getenv", String.class)
                .orShould().callMethod(System.class, "getenv")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .check(production);
    }

    @Test
    void everyPackageTheRulesName_containsClasses() {
        // A rule over an empty package passes vacuously; a typo in a package name must fail instead.
        for (String pkg : List.of(DOMAIN, APPLICATION, ADAPTERS.get(0), ADAPTERS.get(1), ADAPTERS.get(2),
                BASE + ".adapters.observe..",
                BASE + ".bootstrap..", BASE + ".sim..", BASE + ".domain.scheduling.framework..",
                BASE + ".domain.scheduling.scorer..")) {
            assertFalse(production.that(com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage(pkg)).isEmpty(),
                    "no class in " + pkg);
        }
    }
}
