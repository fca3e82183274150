package dev.fluxschnell.sdk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AsyncGateTest {
    @Test
    void runsAtMostPermitsTasks_inOrder_andFailuresReleaseTheirPermit() {
        AsyncGate gate = new AsyncGate(2);
        List<CompletableFuture<Integer>> tasks = new ArrayList<>();
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        List<Integer> started = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            CompletableFuture<Integer> task = new CompletableFuture<>();
            tasks.add(task);
            results.add(gate.run(() -> {
                started.add(n);
                return task;
            }));
        }
        assertThat(started).containsExactly(0, 1);
        tasks.get(0).completeExceptionally(new IllegalStateException("boom"));
        assertThat(started).containsExactly(0, 1, 2);
        tasks.get(1).complete(1);
        tasks.get(2).complete(2);
        assertThat(started).containsExactly(0, 1, 2, 3, 4);
        assertThat(results.get(0)).isCompletedExceptionally();
        assertThat(results.get(2)).isCompletedWithValue(2);
    }
}
