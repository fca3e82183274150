package dev.fluxschnell.sdk.request;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The comparison of a live schema with the recorded one, kind by kind. */
class SchemaReportTest {
    static final ModelSchema RECORDED = ModelSchema.recorded(Model.FLUX_2_PRO).orElseThrow();

    /** The recorded openapi_schema as compact JSON, with one text replaced. */
    static ModelSchema live(String from, String to) {
        String json;
        try (var in = ModelSchema.class.getClassLoader().getResourceAsStream(ModelSchema.resource(Model.FLUX_2_PRO))) {
            json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in).get("openapi_schema").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (!json.contains(from)) {
            throw new IllegalStateException("the recorded schema has no " + from);
        }
        return ModelSchema.parse(Model.FLUX_2_PRO, "live", json.replace(from, to));
    }

    @Test
    void theRecordedSchemaAgainstItself_hasNoDifferences() {
        SchemaReport r = SchemaReport.compare(RECORDED, live("\"openapi\"", "\"openapi\""));
        assertThat(r.differences()).isEmpty();
        assertThat(r.compatible()).isTrue();
    }

    @Test
    void aNarrowerRange_fewerImages_aRemovedChoice_andANewRequiredField_areBreaking() {
        assertThat(SchemaReport.compare(RECORDED, live("\"maximum\":5", "\"maximum\":4")).breaking())
                .extracting(SchemaDifference::kind).containsExactly(SchemaDifference.Kind.RANGE_NARROWED);
        assertThat(SchemaReport.compare(RECORDED, live("Maximum 8 images", "Maximum 4 images")).breaking())
                .singleElement().satisfies(d -> {
                    assertThat(d.field()).isEqualTo("input_images");
                    assertThat(d.kind()).isEqualTo(SchemaDifference.Kind.FEWER_IMAGES);
                });
        assertThat(SchemaReport.compare(RECORDED, live(",\"4 MP\"", "")).breaking()).extracting(
                SchemaDifference::kind).containsExactly(SchemaDifference.Kind.CHOICES_REMOVED);
        assertThat(SchemaReport.compare(RECORDED, live("\"required\":[\"prompt\"]",
                "\"required\":[\"prompt\",\"seed\"]")).breaking()).extracting(SchemaDifference::kind)
                .containsExactly(SchemaDifference.Kind.NOW_REQUIRED);
    }

    @Test
    void aWiderRange_andAnotherDefault_areReportedButCompatible() {
        SchemaReport r = SchemaReport.compare(RECORDED, live("\"maximum\":5", "\"maximum\":6"));
        assertThat(r.compatible()).isTrue();
        assertThat(r.differences()).extracting(SchemaDifference::kind).containsExactly(
                SchemaDifference.Kind.RANGE_WIDENED);
    }
}
