package dev.fluxschnell.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fluxschnell.sdk.ClientOptions;
import dev.fluxschnell.sdk.FluxSchnellClient;
import dev.fluxschnell.sdk.request.AspectRatio;
import dev.fluxschnell.sdk.request.ImageModel;
import dev.fluxschnell.sdk.request.ImageRequest;
import dev.fluxschnell.sdk.request.InputField;
import dev.fluxschnell.sdk.request.Megapixels;
import dev.fluxschnell.sdk.request.Model;
import dev.fluxschnell.sdk.request.ModelDescription;
import dev.fluxschnell.sdk.request.OutputFormat;
import dev.fluxschnell.sdk.storage.LocalFileStorage;
import dev.fluxschnell.sdk.testing.FakeReplicateServer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference tables agree with the code: the request-parameter and client-settings tables of
 * docs/configuration.md with the builders (every method listed, no method invented, defaults and wire names right —
 * an unset setting is not sent, so its default is the model's, read from its recorded schema),
 * and the Spring properties table of docs/spring-boot.md with the configuration metadata it is generated from
 * ({@code -Ddocs.write=true} rewrites it).
 */
class ReferenceTablesTest {
    static final String REQUEST_MARKER = "<!-- checked: ImageRequest.Builder -->";
    static final String CLIENT_MARKER = "<!-- checked: FluxSchnellClient.Builder -->";
    static final String PROPERTIES_START = "<!-- generated: Spring configuration metadata -->";
    static final String PROPERTIES_END = "<!-- end of generated table -->";
    private static final Pattern METHOD = Pattern.compile("^`(\\w+)\\(");
    private static final Pattern WIRE_NAME = Pattern.compile("^`([a-z_]+)`");
    private static final Pattern DURATION = Pattern.compile("^(\\d+) (ms|s|min)$");

    @TempDir
    Path out;

    /** The rows of the table that follows {@code marker}: cells, backticks kept. */
    static List<List<String>> table(String page, String marker) {
        List<String> lines = Docs.read(Docs.root().resolve(page));
        int at = lines.indexOf(marker);
        assertThat(at).as(page + " has the table marked " + marker).isNotNegative();
        List<List<String>> rows = new ArrayList<>();
        for (int i = at + 3; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String row = lines.get(i).strip();
            rows.add(Arrays.stream(row.substring(1, row.length() - 1).split("(?<!\\\\)\\|"))
                    .map(String::strip).toList());
        }
        return rows;
    }

    static String method(String cell) {
        Matcher m = METHOD.matcher(cell);
        assertThat(m.find()).as("a method like `name(...)`: " + cell).isTrue();
        return m.group(1);
    }

    static Set<String> builderMethods(Class<?> builder, Set<String> except) {
        return Arrays.stream(builder.getDeclaredMethods()).filter(m -> Modifier.isPublic(m.getModifiers()))
                .filter(m -> !m.isAnnotationPresent(Deprecated.class)).map(Method::getName)
                .filter(n -> !except.contains(n)).collect(Collectors.toCollection(TreeSet::new));
    }

    /** A default as the table writes it, compared with the value the code has. */
    static boolean same(String cell, Object actual) {
        String c = cell.replace("`", "").replaceAll("\\s*\\(.*\\)$", "").strip();
        if (actual instanceof Optional<?> o) {
            return o.isEmpty() ? c.matches("(?i)none|random|—") : same(cell, o.get());
        }
        if (actual instanceof OptionalLong o) {
            return o.isEmpty() ? c.matches("(?i)none|random|—") : c.equals(Long.toString(o.getAsLong()));
        }
        if (actual instanceof Duration d) {
            Matcher m = DURATION.matcher(c);
            return m.matches() && Duration.of(Long.parseLong(m.group(1)), switch (m.group(2)) {
                case "ms" -> java.time.temporal.ChronoUnit.MILLIS;
                case "s" -> java.time.temporal.ChronoUnit.SECONDS;
                default -> java.time.temporal.ChronoUnit.MINUTES;
            }).equals(d);
        }
        if (actual instanceof Enum<?> e) {
            return c.equals(e.name());
        }
        if (actual instanceof Double d && d == Math.rint(d)) {
            return c.equals(Long.toString(d.longValue())) || c.equals(d.toString());
        }
        return c.equals(String.valueOf(actual));
    }

    /** A getter's value, an empty {@code Optional}, {@code OptionalInt}, … as null. */
    static Object value(Object v) {
        if (v instanceof Optional<?> o) {
            return o.orElse(null);
        }
        if (v instanceof OptionalInt o) {
            return o.isPresent() ? (Object) o.getAsInt() : null;
        }
        if (v instanceof OptionalLong o) {
            return o.isPresent() ? (Object) o.getAsLong() : null;
        }
        if (v instanceof OptionalDouble o) {
            return o.isPresent() ? (Object) o.getAsDouble() : null;
        }
        return v;
    }

    static Set<String> sent(JsonNode input) {
        Set<String> names = new TreeSet<>();
        input.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void requestParameters_matchImageRequestBuilder_theModelsDefaults_andTheWire() throws Exception {
        List<List<String>> rows = table("docs/configuration.md", REQUEST_MARKER);
        Set<String> documented = rows.stream().map(r -> method(r.get(0))).collect(Collectors.toCollection(TreeSet::new));
        assertThat(documented).as("every ImageRequest.Builder method, and no other")
                .isEqualTo(builderMethods(ImageRequest.Builder.class, Set.of("build")));

        Set<String> wire = new TreeSet<>();
        Set<String> unset;
        try (FakeReplicateServer server = FakeReplicateServer.start();
             FluxSchnellClient client = server.clientBuilder().storage(LocalFileStorage.of(out)).build()) {
            client.generate(ImageRequest.builder().prompt("x").aspectRatio(AspectRatio.LANDSCAPE_16_9)
                    .outputFormat(OutputFormat.PNG).outputQuality(70).numOutputs(2).numInferenceSteps(3).seed(1)
                    .goFast(false).megapixels(Megapixels.QUARTER).disableSafetyChecker(true).build());
            client.generate(ImageRequest.builder().model(ImageModel.FLUX_DEV).prompt("x").guidance(4).build());
            client.generate(ImageRequest.of("x"));
            List<JsonNode> schnell = server.createdInputs(Model.FLUX_SCHNELL.toString()); // oldest first
            wire.addAll(sent(schnell.get(0)));
            wire.addAll(sent(server.createdInputs(Model.FLUX_DEV.toString()).get(0)));
            unset = sent(schnell.get(1));
        }
        assertThat(unset).as("settings left unset are not sent: the model's defaults apply").containsExactly("prompt");

        Map<String, InputField> schnellFields = ModelDescription.of(Model.FLUX_SCHNELL).orElseThrow().schema().fields();
        Set<String> sentBySchnellOrDev = new TreeSet<>(schnellFields.keySet());
        sentBySchnellOrDev.addAll(ModelDescription.of(Model.FLUX_DEV).orElseThrow().schema().fields().keySet());
        Set<String> anyImageModel = new TreeSet<>();
        for (ImageModel m : ImageModel.values()) {
            anyImageModel.addAll(ModelDescription.of(m.model()).orElseThrow().schema().fields().keySet());
        }
        ImageRequest defaults = ImageRequest.of("x");
        List<String> wrong = new ArrayList<>();
        for (List<String> r : rows) {
            String name = method(r.get(0));
            Matcher wireName = WIRE_NAME.matcher(r.get(1));
            String field = wireName.find() ? wireName.group(1) : null;
            if (field != null && !anyImageModel.contains(field)) {
                wrong.add(name + ": wire field " + field + " is no image model's input");
            } else if (field != null && sentBySchnellOrDev.contains(field) && !wire.contains(field)) {
                wrong.add(name + ": wire field " + field + " is not sent when set (sent: " + wire + ")");
            }
            Method getter = getter(ImageRequest.class, name);
            String def = r.get(2);
            if (getter == null || def.equalsIgnoreCase("required")) {
                continue;
            }
            Object actual = value(getter.invoke(defaults));
            if (actual == null) { // unset: the cell is flux-schnell's own default, from its recorded schema, or none
                Object modelDefault = field == null ? null : Optional.ofNullable(schnellFields.get(field))
                        .flatMap(InputField::defaultValue).orElse(null);
                if (modelDefault == null ? !same(def, Optional.empty()) : !same(def, modelDefault)) {
                    wrong.add(name + ": default " + def + " but flux-schnell's schema has " + modelDefault);
                }
            } else if (!same(def, actual)) {
                wrong.add(name + ": default " + def + " but the code has " + actual);
            }
        }
        assertThat(wrong).as("rows of the request-parameter table").isEmpty();
    }

    @Test
    void clientSettings_matchFluxSchnellClientBuilder_andItsDefaults() throws Exception {
        List<List<String>> rows = table("docs/configuration.md", CLIENT_MARKER);
        Set<String> documented = rows.stream().map(r -> method(r.get(0))).collect(Collectors.toCollection(TreeSet::new));
        assertThat(documented).as("every FluxSchnellClient.Builder method, and no other")
                .isEqualTo(builderMethods(FluxSchnellClient.Builder.class, Set.of("build", "buildOptions", "toString")));

        ClientOptions defaults = FluxSchnellClient.builder().apiToken("r8_docs").buildOptions();
        Map<String, Object> special = Map.of("retryBackoff", defaults.retryBaseDelay() + "," + defaults.retryMaxDelay());
        List<String> wrong = new ArrayList<>();
        for (List<String> r : rows) {
            String name = method(r.get(0));
            String def = r.get(1);
            if (special.containsKey(name)) {
                String[] parts = def.split(",");
                boolean ok = parts.length == 2 && same(parts[0].strip(), defaults.retryBaseDelay())
                        && same(parts[1].strip(), defaults.retryMaxDelay());
                if (!ok) {
                    wrong.add(name + ": default " + def + " but the code has " + special.get(name));
                }
                continue;
            }
            Method getter = getter(ClientOptions.class, name);
            if (getter != null && def.replace("`", "").matches("[0-9][0-9 ,]*(ms|s|min)?|true|false|none|[A-Z_]+")
                    && !same(def.replace(",", ""), getter.invoke(defaults))) {
                wrong.add(name + ": default " + def + " but the code has " + getter.invoke(defaults));
            }
        }
        assertThat(wrong).as("rows of the client-settings table").isEmpty();
    }

    static Method getter(Class<?> type, String name) {
        try {
            Method m = type.getMethod(name);
            return m.getReturnType() == void.class ? null : m;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    @Test
    void springProperties_areTheGeneratedTable() throws Exception {
        Path page = Docs.root().resolve("docs/spring-boot.md");
        String text = Files.readString(page);
        int start = text.indexOf(PROPERTIES_START);
        int end = text.indexOf(PROPERTIES_END);
        assertThat(start).as("docs/spring-boot.md has the generated properties table").isNotNegative();
        String generated = PROPERTIES_START + "\n" + propertiesTable() + PROPERTIES_END;
        String current = text.substring(start, end + PROPERTIES_END.length());
        if (Boolean.getBoolean("docs.write") && !current.equals(generated)) {
            Files.writeString(page, text.substring(0, start) + generated + text.substring(end + PROPERTIES_END.length()));
            current = generated;
        }
        assertThat(current).as("the properties table of docs/spring-boot.md is generated from the starter's and "
                + "spring-ai's configuration metadata; regenerate it: mvn -pl docs-check test -Dtest="
                + "ReferenceTablesTest -Ddocs.write=true").isEqualTo(generated);
    }

    /** The table of every flux-schnell property in the configuration metadata on the classpath. */
    static String propertiesTable() throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, JsonNode> properties = new TreeMap<>();
        for (URL url : Collections.list(ReferenceTablesTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                for (JsonNode p : json.readTree(in).path("properties")) {
                    String name = p.path("name").asText();
                    if (name.startsWith("flux-schnell.") || name.contains(".flux-schnell.")) {
                        properties.put(name, p);
                    }
                }
            }
        }
        Map<String, String> hints = new LinkedHashMap<>();
        StringBuilder t = new StringBuilder("| Property | Type | Default | Description |\n|---|---|---|---|\n");
        for (JsonNode p : properties.values()) {
            String type = p.path("type").asText("").replaceAll("^java\\.(lang|time|net|math|util|nio\\.file)\\.", "")
                    .replaceAll("<java\\.lang\\.", "<").replaceAll("^.*\\$", "");
            String def = p.has("defaultValue") ? "`" + p.get("defaultValue").asText() + "`" : "";
            String description = p.path("description").asText("").replace("|", "\\|").replace("\n", " ");
            if (p.has("deprecation")) {
                description = "Deprecated: use `" + p.path("deprecation").path("replacement").asText() + "`.";
            }
            t.append("| `").append(p.path("name").asText()).append("` | ").append(type).append(" | ").append(def)
                    .append(" | ").append(description).append(" |\n");
        }
        hints.clear();
        return t.toString();
    }
}
