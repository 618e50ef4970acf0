package io.stratus.billing.audit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.stratus.billing.calculator.InvoiceCalculator;
import io.stratus.billing.invoice.InvoiceRunService;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rule 12: invoicing and the audit use the same calculator, and the audit does no money arithmetic of its own. */
class OneCalculatorTest {
    static final JavaClasses BILLING = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.stratus.billing");

    @Test
    void theInvoiceRunAndTheAuditBothCallTheCalculator() {
        for (Class<?> caller : List.of(InvoiceRunService.class, AccountAuditor.class)) {
            classes().that().areAssignableTo(caller).should()
                    .callMethod(InvoiceCalculator.class, "calculate", List.class, YearMonth.class, List.class)
                    .check(BILLING);
        }
    }

    @Test
    void theAuditComputesNoMoneyItself() {
        noClasses().that().resideInAPackage("io.stratus.billing.audit..").should().dependOnClassesThat()
                .belongToAnyOf(BigDecimal.class, BigInteger.class, RoundingMode.class).check(BILLING);
    }

    @Test
    void thereIsNoSecondCalculator() {
        noClasses().that().haveSimpleNameEndingWith("Calculator")
                .and().doNotHaveFullyQualifiedName(InvoiceCalculator.class.getName())
                .should().resideInAPackage("io.stratus.billing..").allowEmptyShould(true).check(BILLING);
    }
}
