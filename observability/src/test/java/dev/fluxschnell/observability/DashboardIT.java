package dev.fluxschnell.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the Grafana dashboard true: it satisfies Grafana's own dashboard and panel schemas ({@code @grafana/schema},
 * checked by the TypeScript compiler), and every panel's PromQL returns data from a real Prometheus scraping an app
 * that uses the SDK. Skipped, with the reason, where Node's helper or Prometheus is not installed; on CI, where
 * {@code .ci/run} installs both, a missing one fails the test.
 */
class DashboardIT {
    static final Path DASHBOARD = Path.of("src/main/resources/grafana/flux-schnell.json");
    static final Path SCHEMA_CHECK = Path.of("src/test/grafana-schema");
    /** What Grafana puts in for the dashboard's variables (all models; ranges that cover the test's few seconds). */
    static final Map<String, String> VARIABLES = Map.of("$__rate_interval", "1m", "$__range", "10m", "$model", ".*");
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((\\w+), *(\\w+)\\)");

    @TempDir
    Path dir;

    @Test
    void theDashboardSatisfiesGrafanasSchema_andTheCheckRejectsABrokenOne() throws Exception {
        require(Files.isDirectory(SCHEMA_CHECK.resolve("node_modules/@grafana/schema")), "@grafana/schema not "
                + "installed (npm ci --prefix observability/src/test/grafana-schema; .ci/run does this)");

        String ok = check(DASHBOARD, 0);
        assertThat(ok).startsWith("ok:");

        ObjectNode broken = (ObjectNode) JSON.readTree(DASHBOARD.toFile());
        ((ObjectNode) broken.path("panels").get(1)).put("titel", "a misspelled key");
        ((ObjectNode) broken.path("panels").get(2).path("gridPos")).put("w", "wide");
        Path brokenFile = dir.resolve("broken.json");
        JSON.writeValue(brokenFile.toFile(), broken);
        assertThat(check(brokenFile, 1)).contains("'\"titel\"' does not exist")
                .contains("Type 'string' is not assignable to type 'number'");
    }

    @Test
    void everyPanelsQueryShowsAValue_fromARealPrometheusScrapingAnAppOnTheSdk() throws Exception {
        require(Files.isExecutable(LocalPrometheus.BINARY), "Prometheus not installed at " + LocalPrometheus.BINARY
                + " (apt-get install prometheus; .ci/run does this)");
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        Map<String, String> queries = queries(dashboard);
        assertThat(queries).hasSizeGreaterThanOrEqualTo(14);

        try (MeteredApp app = MeteredApp.start(dir.resolve("images"));
             LocalPrometheus prometheus = LocalPrometheus.start(dir, app.target())) {
            app.work();

            // Series are born at their first value, and rate() sees no increase before a series' second sample: so
            // once every query has data, the work again, until each query shows a number above zero.
            assertThat(await(prometheus, queries, result -> !result.isEmpty()))
                    .as("panels whose query returned no data; prometheus log:\n%s", prometheus.log()).isEmpty();
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                Matcher m = LABEL_VALUES.matcher(variable.path("query").asText());
                if (m.matches()) { // a Grafana function, not PromQL: Prometheus's label values API answers it
                    assertThat(prometheus.labelValues(m.group(1), m.group(2))).as("variable $%s",
                            variable.path("name").asText()).isNotEmpty();
                }
            }
            app.work();
            assertThat(await(prometheus, queries, DashboardIT::somePositive))
                    .as("panels whose query showed no value above zero; prometheus log:\n%s", prometheus.log())
                    .isEmpty();
        }
    }

    /** Polls every query until its result passes {@code test}, or 90 s passed; {@return the queries that never did} */
    private static Map<String, String> await(LocalPrometheus prometheus, Map<String, String> queries,
                                             Predicate<JsonNode> test) throws Exception {
        Map<String, String> missing = new LinkedHashMap<>(queries);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!missing.isEmpty() && System.nanoTime() < deadline) {
            for (Map.Entry<String, String> q : List.copyOf(missing.entrySet())) {
                if (test.test(prometheus.query(q.getValue()))) {
                    missing.remove(q.getKey());
                }
            }
            if (!missing.isEmpty()) {
                Thread.sleep(250);
            }
        }
        return missing;
    }

    /** {@return whether some series of an instant query's result has a value above zero (not NaN)} */
    private static boolean somePositive(JsonNode result) {
        for (JsonNode series : result) {
            double v = Double.parseDouble(series.path("value").path(1).asText());
            if (v > 0 && !Double.isInfinite(v)) {
                return true;
            }
        }
        return false;
    }

    /** {@return every panel target's PromQL with the variables Grafana fills in, by "panel title / refId"} */
    static Map<String, String> queries(JsonNode dashboard) {
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText())
                    .isEqualTo("${DS_PROMETHEUS}");
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                for (var v : VARIABLES.entrySet()) {
                    expr = expr.replace(v.getKey(), v.getValue());
                }
                assertThat(expr).as("a variable Grafana would not fill in").doesNotContain("$");
                queries.put(panel.path("title").asText() + " / " + target.path("refId").asText(), expr);
            }
        }
        return queries;
    }

    /** Runs the schema check on {@code file}, expecting {@code exitCode}; {@return what it printed} */
    private static String check(Path file, int exitCode) throws Exception {
        Process p = new ProcessBuilder("node", SCHEMA_CHECK.resolve("check-dashboard.mjs").toString(),
                file.toAbsolutePath().toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the check finished").isTrue();
        assertThat(p.exitValue()).as(out).isEqualTo(exitCode);
        return out;
    }

    /** Skips with the reason locally; on CI ({@code CI=true}), where .ci/run installs everything, fails instead. */
    static void require(boolean ok, String reason) {
        if (!ok && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI must run the dashboard test, but: " + reason);
        }
        Assumptions.assumeTrue(ok, reason);
    }
}
