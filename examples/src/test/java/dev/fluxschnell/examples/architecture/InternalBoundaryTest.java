package dev.fluxschnell.examples.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The boundaries the build enforces on {@code dev.fluxschnell.sdk.internal}: only sdk-core itself may use it; within
 * sdk-core, no public type outside the root package {@code dev.fluxschnell.sdk} may (the root package's entry points,
 * {@code FluxSchnellClient} and {@code ClientOptions}, wire the internals), so the API never hands out or takes an
 * internal type; and the requests ({@code dev.fluxschnell.sdk.request}) use none of it, so they stay plain values. Checked on the compiled classes of
 * every module on this classpath — sdk-core, sdk-testing, both storage adapters, sdk-redis, the Spring Boot starter,
 * the Spring AI and LangChain4j adapters and the examples (main and test code) — so an adapter that reaches into the
 * internals fails the build.
 */
class InternalBoundaryTest {
    static final JavaClasses CLASSES = new ClassFileImporter().importPackages("dev.fluxschnell");
    static final String INTERNAL = "dev.fluxschnell.sdk.internal..";

    static final DescribedPredicate<JavaClass> OUTSIDE_CORE = DescribedPredicate.describe("outside sdk-core",
            c -> c.getSource().map(s -> !s.getUri().toString().contains("sdk-core")).orElse(true));

    /** The public types of sdk-core outside its root package (the entry points) and its internal package. */
    static final DescribedPredicate<JavaClass> CORE_API_OUTSIDE_ROOT = DescribedPredicate.describe(
            "public types of sdk-core outside the root package dev.fluxschnell.sdk (and outside internal)",
            c -> !OUTSIDE_CORE.test(c) && isApi(c) && !c.getPackageName().equals("dev.fluxschnell.sdk")
                    && !c.getPackageName().startsWith("dev.fluxschnell.sdk.internal"));

    /** Public, and every enclosing type public too: a type an application can name. */
    static boolean isApi(JavaClass c) {
        for (Optional<JavaClass> t = Optional.of(c); t.isPresent(); t = t.get().getEnclosingClass()) {
            if (!t.get().getModifiers().contains(JavaModifier.PUBLIC)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void nothingOutsideSdkCore_usesItsInternalPackage() {
        noClasses().that(OUTSIDE_CORE).should().dependOnClassesThat()
                .resideInAPackage(INTERNAL)
                .because("internal is not API: adapters and applications build on the public packages and SPIs")
                .check(CLASSES);
    }

    @Test
    void sdkCoresPublicTypes_outsideTheRootPackage_doNotUseItsInternalPackage() {
        noClasses().that(CORE_API_OUTSIDE_ROOT)
                .should().dependOnClassesThat().resideInAPackage(INTERNAL)
                .because("the root package's entry points (FluxSchnellClient, ClientOptions) wire the internals; the "
                        + "public types of the other packages (requests, results, prompts, storage, batches, webhooks, "
                        + "...) are API that must not expose or depend on them")
                .check(CLASSES);
    }

    @Test
    void theRequestPackage_usesNothingInternal() {
        noClasses().that().resideInAPackage("dev.fluxschnell.sdk.request")
                .should().dependOnClassesThat().resideInAPackage(INTERNAL)
                .because("requests are plain values: their wire view, validation and schemas need no transport")
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
                .as("sdk-core is on the classpath too, and recognized").contains("dev.fluxschnell.sdk.internal",
                        "dev.fluxschnell.sdk", "dev.fluxschnell.sdk.request");
        assertThat(CLASSES.stream().filter(CORE_API_OUTSIDE_ROOT::test).map(JavaClass::getName))
                .as("the public-type rule applies to the API outside the root package, nested builders too")
                .contains("dev.fluxschnell.sdk.request.ImageRequest", "dev.fluxschnell.sdk.request.ImageRequest$Builder",
                        "dev.fluxschnell.sdk.storage.ImageMetadata", "dev.fluxschnell.sdk.prompts.PromptFile")
                .doesNotContain("dev.fluxschnell.sdk.FluxSchnellClient", "dev.fluxschnell.sdk.ClientOptions",
                        "dev.fluxschnell.sdk.request.Inputs");
    }
}
