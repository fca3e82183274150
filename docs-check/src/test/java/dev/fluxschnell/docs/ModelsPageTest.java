package dev.fluxschnell.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fluxschnell.sdk.pricing.Pricing;
import dev.fluxschnell.sdk.request.InputField;
import dev.fluxschnell.sdk.request.ModelDescription;
import dev.fluxschnell.sdk.request.ModelSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * docs/models.md's tables are generated from the SDK's model descriptions and recorded schemas — one table per model:
 * inputs, limits, output, price, source — so the page cannot drift from what the SDK validates and the emulator
 * serves. Regenerate: {@code mvn -pl docs-check test -Dtest=ModelsPageTest -Ddocs.write=true}.
 */
class ModelsPageTest {
    static final String START = "<!-- generated: model descriptions and recorded schemas -->";
    static final String END = "<!-- end of generated models -->";

    @Test
    void theModelTables_areGeneratedFromTheRecordedSchemas() throws Exception {
        Path page = Docs.root().resolve("docs/models.md");
        String text = Files.readString(page);
        int start = text.indexOf(START);
        int end = text.indexOf(END);
        assertThat(start).as("docs/models.md has the generated tables").isNotNegative();
        String generated = START + "\n" + tables() + END;
        String current = text.substring(start, end + END.length());
        if (Boolean.getBoolean("docs.write") && !current.equals(generated)) {
            Files.writeString(page, text.substring(0, start) + generated + text.substring(end + END.length()));
            current = generated;
        }
        assertThat(current).as("the tables of docs/models.md are generated from the SDK's model descriptions; "
                + "regenerate them: mvn -pl docs-check test -Dtest=ModelsPageTest -Ddocs.write=true")
                .isEqualTo(generated);
    }

    static String tables() {
        StringBuilder s = new StringBuilder();
        for (ModelDescription d : ModelDescription.all()) {
            ModelSchema schema = d.schema();
            s.append("\n### ").append(d.model()).append("\n\n");
            s.append("Short name `").append(d.alias()).append("` · ").append(d.jobs().stream()
                    .map(j -> j.name().toLowerCase(Locale.ROOT).replace('_', ' ')).toList().toString()
                    .replace("[", "").replace("]", "")).append(" · ").append(d.endpoint() == ModelDescription.Endpoint
                    .OFFICIAL ? "official model (no version)" : "community model, version "
                    + d.testedVersion().orElse("?").substring(0, 8) + " tested").append(" · output: ")
                    .append(schema.output() == ModelDescription.OutputShape.LIST ? "a list of URIs" : "one URI")
                    .append("\n\n");
            s.append("Price: ").append(price(d)).append(d.priceConfirmed() ? "" : " — **UNCONFIRMED**").append(" (")
                    .append(d.priceSource()).append(")\n\n");
            s.append("| input | type | default | range or choices |\n|---|---|---|---|\n");
            for (InputField f : schema.fields().values()) {
                s.append("| `").append(f.name()).append('`').append(f.required() ? " (required)" : "").append(" | ")
                        .append(f.type().name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(" | ")
                        .append(f.defaultValue().map(v -> "`" + v + "`").orElse("")).append(" | ")
                        .append(limits(f)).append(" |\n");
            }
            s.append("\nRecorded schema: ").append(schema.version().map(v -> "version `" + v.substring(0,
                    Math.min(8, v.length())) + "`").orElse("version unknown")).append(", from ")
                    .append(String.join("; ", schema.sources().stream().map(ModelsPageTest::shortSource).toList()))
                    .append(".\n");
            if (!schema.unconfirmed().isEmpty()) {
                s.append("\nUNCONFIRMED: ").append(String.join("; ", schema.unconfirmed().stream()
                        .map(ModelsPageTest::shortSource).toList())).append(".\n");
            }
        }
        return s.append('\n').toString();
    }

    private static String price(ModelDescription d) {
        Pricing p = Pricing.DEFAULT;
        return switch (d.billing()) {
            case PER_IMAGE -> "$" + p.perImage(d.model()).toPlainString() + " per image";
            case PER_SECOND -> "$" + p.perSecond(d.model()).toPlainString() + " per second of GPU time (about "
                    + (long) d.minSeconds() + "–" + (long) d.maxSeconds() + " s a run)";
            case PER_MEGAPIXEL -> "$" + p.perMegapixel(d.model()).first().toPlainString() + " for the output's first "
                    + "megapixel, $" + p.perMegapixel(d.model()).extra().toPlainString() + " for each further one and "
                    + "each megapixel of the reference images";
        };
    }

    private static String limits(InputField f) {
        StringBuilder s = new StringBuilder();
        if (f.minimum().isPresent() || f.maximum().isPresent()) {
            s.append(num(f.minimum())).append("–").append(num(f.maximum()));
        }
        if (!f.choices().isEmpty()) {
            s.append(String.join(", ", f.choices()));
        }
        f.maxItems().ifPresent(n -> s.append(s.length() > 0 ? "; " : "").append("at most ").append(n).append(" images"));
        f.multipleOf().ifPresent(n -> s.append(s.length() > 0 ? "; " : "").append("a multiple of ").append(n));
        return s.toString().replace("|", "\\|");
    }

    private static String num(java.util.OptionalDouble d) {
        if (d.isEmpty()) {
            return "";
        }
        double v = d.getAsDouble();
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** A source as a line of the page: at most 160 characters, no table pipes. */
    private static String shortSource(String source) {
        String s = source.replace("|", "/").replaceAll("\\s+", " ").strip();
        return s.length() > 160 ? s.substring(0, 157) + "..." : s;
    }
}
