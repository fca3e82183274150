package dev.fluxschnell.examples.cli;

import dev.fluxschnell.sdk.batch.BatchItem;
import dev.fluxschnell.sdk.batch.BatchListener;
import dev.fluxschnell.sdk.batch.BatchProgress;
import java.io.PrintWriter;
import java.math.BigDecimal;

/**
 * Shows batch progress — a live bar redrawn in place on a terminal, one plain line per finished item otherwise — and
 * hands each item's images to a {@link ResultPrinter} as soon as they are stored (and journaled), so a killed run has
 * printed what it stored.
 */
final class ProgressPrinter implements BatchListener {
    private final PrintWriter out;
    private final boolean tty;
    private final ResultPrinter images;
    private final long start = System.nanoTime();
    private BigDecimal cost = BigDecimal.ZERO;

    /** A printer of progress on {@code out} (redrawn in place when {@code tty}) and of images to {@code images}. */
    ProgressPrinter(PrintWriter out, boolean tty, ResultPrinter images) {
        this.out = out;
        this.tty = tty;
        this.images = images;
    }

    @Override
    public synchronized void succeeded(BatchItem item, BatchProgress p) {
        if (tty) { // clear the bar: the images' paths are printed above the next one
            out.print("\r\033[2K");
            out.flush();
        }
        item.result().ifPresent(images::print);
        if (item.result().map(r -> r.cached()).orElse(false)) {
            return; // stored by an earlier run (resumed from the manifest): counted in the progress, not shown
        }
        cost = cost.add(item.result().map(r -> r.cost()).orElse(BigDecimal.ZERO));
        show(item, p);
    }

    @Override
    public synchronized void failed(BatchItem item, BatchProgress p) {
        show(item, p);
    }

    private void show(BatchItem item, BatchProgress p) {
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
