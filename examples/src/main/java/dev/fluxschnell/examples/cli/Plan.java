package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.batch.BatchRequest;
import dev.fluxschnell.sdk.pricing.CostEstimate;
import dev.fluxschnell.sdk.pricing.Pricing;
import dev.fluxschnell.sdk.prompts.PromptEntry;
import dev.fluxschnell.sdk.request.InputImage;
import dev.fluxschnell.sdk.request.ModelRequest;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a paying command would run, counted and priced before any request is built: its parts — a prompt-file row, an
 * input image, a template's combinations — each with its predictions, its cost, and how to build its rows once the
 * run is allowed. Nothing here expands a count or a template: a row of {@code count=100000} is one part.
 *
 * @param what what the command runs, for the estimate line (e.g. {@code 3 prompt(s) in p.txt})
 * @param parts the parts, in order
 */
record Plan(String what, List<Part> parts) {
    /**
     * One part of the work, counted before it is built.
     *
     * @param where where it comes from, for messages ({@code FILE:LINE}, an input, {@code --count N})
     * @param predictions how many predictions it creates
     * @param cost what they cost
     * @param rows builds its rows
     */
    record Part(String where, long predictions, CostEstimate cost, Supplier<List<Row>> rows) {}

    /**
     * The requests that make one row's images.
     *
     * @param where where the row comes from, for messages
     * @param entry the prompt-file entry it comes from, or null for a request built whole
     * @param runs its requests (a pipeline's with their steps)
     * @param stem the name its images are stored under, or null for the storage's own names
     */
    record Row(String where, PromptEntry entry, List<ModelRequest> runs, String stem) {}

    /** {@return a part of one prompt-file entry, its count's images and its steps, named {@code stem} (or not)} */
    static Part entry(PromptEntry e, String where, String stem) {
        return new Part(where, e.predictionCount(1), cost(e), () -> List.of(new Row(where, e, e.runs(1), stem)));
    }

    /** {@return a part of one request built whole, its images named {@code stem} (or null: the storage's names)} */
    static Part request(ModelRequest r, String where, String stem) {
        Row row = new Row(where, null, List.of(r), stem);
        return new Part(where, r.predictionCount(), Pricing.DEFAULT.estimate(r), () -> List.of(row));
    }

    /**
     * {@return a plan of requests built whole, one part each, known by their first input image}
     *
     * @param requests the requests
     * @param names {@code --name}: each request's images named by the pattern over {@code {source}}, the first input's
     *     file name without its extension; null for the storage's own names
     */
    static Plan requests(List<? extends ModelRequest> requests, String names) {
        NamePattern pattern = NamePattern.of(names, List.of("source"));
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            ModelRequest r = requests.get(i);
            Optional<InputImage> image = r.inputImages().stream().findFirst();
            String where = image.map(img -> String.valueOf(Requests.plain(img))).orElse("item " + (i + 1));
            parts.add(request(r, where, pattern == null ? null : pattern.apply(Map.of("source",
                    image.map(Inputs::stem).orElse("image")), where)));
        }
        return new Plan(requests.size() + " item(s)", parts);
    }

    /** {@return how many predictions the plan creates (saturating at Long.MAX_VALUE)} */
    long predictions() {
        long n = 0;
        for (Part p : parts) {
            n = plus(n, p.predictions());
        }
        return n;
    }

    /** {@return what the plan costs if every prediction succeeds} */
    CostEstimate cost() {
        return Pricing.sum(parts.stream().map(Part::cost).toList());
    }

    /**
     * Refuses a plan of more than {@code limit} predictions, naming the part at which it passes the limit.
     *
     * @param limit the most predictions allowed
     * @throws Session.UsageException naming {@code FILE:LINE} (or the input) of that part
     */
    void checkLimit(long limit) {
        long total = 0;
        for (Part p : parts) {
            total = plus(total, p.predictions());
            if (total > limit) {
                throw new Session.UsageException(p.where() + ": with its " + p.predictions() + " prediction(s) the run "
                        + "makes more than " + limit + " (--max-predictions); lower the count, split the work, or "
                        + "raise --max-predictions (at most " + BatchRequest.MAX_PREDICTIONS + ")");
            }
        }
    }

    /** {@return every part's rows, built now} */
    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        parts.forEach(p -> rows.addAll(p.rows().get()));
        return rows;
    }

    /** {@return {@code times} times the estimate (a template's combinations of one sample)} */
    static CostEstimate times(CostEstimate each, long times) {
        BigDecimal n = BigDecimal.valueOf(times);
        return new CostEstimate(times(each.images(), times), each.unitPrice(), each.total().multiply(n),
                each.low().multiply(n));
    }

    /** {@return {@code a + b}, or Long.MAX_VALUE when that does not fit} */
    static long plus(long a, long b) {
        long sum = a + b;
        return sum < a ? Long.MAX_VALUE : sum;
    }

    /** {@return {@code a × b}, or Long.MAX_VALUE when that does not fit} */
    static long times(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * The estimate for an entry's images (its count) and its steps' predictions, from its one request's estimate —
     * without splitting it into the requests that make them.
     */
    private static CostEstimate cost(PromptEntry e) {
        ModelRequest r = e.request();
        long images = e.count().orElse(1);
        CostEstimate one = Pricing.DEFAULT.estimate(r); // r.numOutputs() images
        BigDecimal per = BigDecimal.valueOf(Math.max(1, r.numOutputs()));
        BigDecimal n = BigDecimal.valueOf(images);
        List<CostEstimate> parts = new ArrayList<>();
        parts.add(new CostEstimate(images, one.unitPrice(), scaled(one.total(), n, per), scaled(one.low(), n, per)));
        e.then().forEach(step -> parts.add(Pricing.DEFAULT.estimate(step.model(), images)));
        return Pricing.sum(parts);
    }

    private static BigDecimal scaled(BigDecimal amount, BigDecimal n, BigDecimal per) {
        return amount.multiply(n).divide(per, MathContext.DECIMAL128).stripTrailingZeros();
    }
}
