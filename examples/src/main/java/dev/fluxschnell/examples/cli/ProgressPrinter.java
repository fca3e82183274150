package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.Pricing;
import dev.fluxschnell.sdk.batch.BatchItem;
import dev.fluxschnell.sdk.batch.BatchListener;
import dev.fluxschnell.sdk.batch.BatchProgress;
import java.io.PrintWriter;
import java.math.BigDecimal;

/** Shows batch progress: a live bar redrawn in place on a terminal, one plain line per finished item otherwise. */
final class ProgressPrinter implements BatchListener {
    private final PrintWriter out;
    private final boolean tty;
    private final Pricing pricing;
    private final long start = System.nanoTime();
    private int images;

    ProgressPrinter(PrintWriter out, boolean tty, Pricing pricing) {
        this.out = out;
        this.tty = tty;
        this.pricing = pricing;
    }

    @Override
    public void succeeded(BatchItem item, BatchProgress p) {
        if (item.result().map(r -> r.cached()).orElse(false)) {
            return; // stored by an earlier run (resumed from the manifest): counted in the progress, not shown
        }
        images += item.result().map(r -> r.images().size()).orElse(0);
        show(item, p);
    }

    @Override
    public void failed(BatchItem item, BatchProgress p) {
        show(item, p);
    }

    private void show(BatchItem item, BatchProgress p) {
        BigDecimal cost = pricing.costOf(images);
        double secs = (System.nanoTime() - start) / 1e9;
        if (tty) {
            int width = 30;
            int filled = p.total() == 0 ? width : p.done() * width / p.total();
            out.printf("\r[%s%s] %d/%d  ok %d  failed %d  $%s  %.1fs ", "#".repeat(filled), ".".repeat(width - filled),
                    p.done(), p.total(), p.succeeded(), p.failed() + p.canceled() + p.skipped(), cost.toPlainString(),
                    secs);
            if (p.isComplete()) {
                out.println();
            }
        } else {
            out.printf("[%d/%d] %-9s %s%n", p.done(), p.total(), item.outcome(),
                    shorten(item.request().summary()));
        }
        out.flush();
    }

    static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
