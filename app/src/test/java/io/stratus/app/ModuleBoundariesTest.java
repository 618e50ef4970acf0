package io.stratus.app;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the modular monolith honest (STYLE.md, "Keeping boundaries"). */
class ModuleBoundariesTest {
    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("io.stratus");

    @Test
    void analyticsSharesOnlyItsApi() {
        onlyApiIsShared(CLASSES, "io.stratus", "analytics");
    }

    @Test
    void billingSharesOnlyItsApi() {
        onlyApiIsShared(CLASSES, "io.stratus", "billing");
    }

    @Test
    void dashboardSharesOnlyItsApi() {
        onlyApiIsShared(CLASSES, "io.stratus", "dashboard");
    }

    @Test
    void modulesHaveNoCycles() {
        slices().matching("io.stratus.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void commonDependsOnNoFeatureModule() {
        noClasses().that().resideInAPackage("io.stratus.common..").should().dependOnClassesThat()
                .resideInAnyPackage("io.stratus.analytics..", "io.stratus.billing..", "io.stratus.dashboard..",
                        "io.stratus.auth..", "io.stratus.app..")
                .check(CLASSES);
    }

    @Test
    void appOnlyAssembles() {
        noClasses().that().resideInAPackage("io.stratus.app..").should()
                .beAnnotatedWith("jakarta.ws.rs.Path")
                .orShould().beAnnotatedWith("jakarta.persistence.Entity")
                .orShould().beAnnotatedWith("jakarta.enterprise.context.ApplicationScoped")
                .orShould().beAnnotatedWith("jakarta.enterprise.context.RequestScoped")
                .orShould().beAnnotatedWith("jakarta.inject.Singleton")
                .because("app only assembles the libraries and holds their runtime configuration")
                .allowEmptyShould(true).check(CLASSES);
    }

    @Test
    void theApiRuleCatchesAModuleReachingIntoAnotherModulesInternals() {
        JavaClasses fixture = new ClassFileImporter().importPackages("io.stratus.app.archfixture");
        onlyApiIsShared(fixture, "io.stratus.app.archfixture", "dashboard"); // dashboard exposes nothing wrong
        assertThrows(AssertionError.class, () -> onlyApiIsShared(fixture, "io.stratus.app.archfixture", "billing"));
    }

    static void onlyApiIsShared(JavaClasses classes, String base, String module) {
        String root = base + "." + module;
        classes().that().resideInAPackage(root + "..").and().resideOutsideOfPackage(root + ".api..")
                .should().onlyHaveDependentClassesThat().resideInAPackage(root + "..").check(classes);
        noClasses().that().resideInAPackage(root + ".api..").should()
                .dependOnClassesThat(resideInAPackage(root + "..").and(resideOutsideOfPackage(root + ".api..")))
                .allowEmptyShould(true).check(classes); // a module may have no api yet
    }
}
