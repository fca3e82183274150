package dev.fluxschnell.examples.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The boundary the build enforces: only sdk-core itself may use {@code dev.fluxschnell.sdk.internal}. Checked on the
 * compiled classes of every module on this classpath — sdk-testing, both storage adapters, sdk-redis, the Spring Boot
 * starter, the Spring AI and LangChain4j adapters and the examples (main and test code) — so an adapter that reaches into the internals fails the build.
 */
class InternalBoundaryTest {
    static final JavaClasses CLASSES = new ClassFileImporter().importPackages("dev.fluxschnell");

    static final DescribedPredicate<JavaClass> OUTSIDE_CORE = DescribedPredicate.describe("outside sdk-core",
            c -> c.getSource().map(s -> !s.getUri().toString().contains("sdk-core")).orElse(true));

    @Test
    void nothingOutsideSdkCore_usesItsInternalPackage() {
        noClasses().that(OUTSIDE_CORE).should().dependOnClassesThat()
                .resideInAPackage("dev.fluxschnell.sdk.internal..")
                .because("internal is not API: adapters and applications build on the public packages and SPIs")
                .check(CLASSES);
    }

    @Test
    void theRuleSeesEveryModule() {
        Set<String> packages = CLASSES.stream().filter(OUTSIDE_CORE::test).map(JavaClass::getPackageName)
                .collect(Collectors.toSet());
        assertThat(packages).contains("dev.fluxschnell.sdk.testing", "dev.fluxschnell.sdk.storage.s3",
                "dev.fluxschnell.sdk.storage.firebase", "dev.fluxschnell.sdk.redis", "dev.fluxschnell.examples",
                "dev.fluxschnell.examples.cli", "dev.fluxschnell.spring.boot", "dev.fluxschnell.spring.ai",
                "dev.fluxschnell.langchain4j");
        assertThat(CLASSES.stream().filter(c -> !OUTSIDE_CORE.test(c)).map(JavaClass::getPackageName))
                .as("sdk-core is on the classpath too, and recognized").contains("dev.fluxschnell.sdk.internal");
    }
}
