package io.stratus.analytics.query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The funnel rule of spec §6, fed one user at a time: a user reaches step k if a step-1 event in [from, to) is
 * followed in time order (ties allowed, each step a different event row) by steps 2..k, each before
 * {@code step-1 time + window}; the best attempt (deepest, then earliest) counts. Greedy earliest matching is
 * optimal for one start, so each start costs a binary search per step.
 */
final class Funnels {
    private final List<String> steps;
    private final long fromMillis;
    private final long toMillis;
    private final long windowMillis;
    private final long[] users;
    private final List<List<Long>> gaps = new ArrayList<>();

    Funnels(List<String> steps, long fromMillis, long toMillis, long windowMillis) {
        this.steps = steps;
        this.fromMillis = fromMillis;
        this.toMillis = toMillis;
        this.windowMillis = windowMillis;
        this.users = new long[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            gaps.add(new ArrayList<>());
        }
    }

    /** One user's events among the steps' names, in any order. */
    void user(List<String> events, long[] times) {
        int n = steps.size();
        // Per step: the user's rows of that step's event, sorted by time; a row is identified by its index.
        Integer[] order = new Integer[times.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(times[a], times[b]));
        int[][] byStep = new int[n][];
        for (int k = 0; k < n; k++) {
            String name = steps.get(k);
            byStep[k] = Arrays.stream(order).filter(i -> events.get(i).equals(name)).mapToInt(Integer::intValue)
                    .toArray();
        }
        int bestDepth = 0;
        long[] bestTimes = null;
        int[] used = new int[n];
        long[] at = new long[n];
        for (int start : byStep[0]) {
            long t0 = times[start];
            if (t0 < fromMillis || t0 >= toMillis) {
                continue;
            }
            used[0] = start;
            at[0] = t0;
            int depth = 1;
            while (depth < n) {
                int next = earliest(byStep[depth], times, at[depth - 1], used, depth);
                if (next < 0 || times[next] >= t0 + windowMillis) {
                    break;
                }
                used[depth] = next;
                at[depth] = times[next];
                depth++;
            }
            if (depth > bestDepth) {
                bestDepth = depth;
                bestTimes = Arrays.copyOf(at, depth);
                if (depth == n) {
                    break;
                }
            }
        }
        for (int k = 0; k < bestDepth; k++) {
            users[k]++;
            if (k > 0) {
                gaps.get(k).add(bestTimes[k] - bestTimes[k - 1]);
            }
        }
    }

    /** The first row of {@code rows} at or after {@code notBefore} that the attempt has not used yet; -1 if none. */
    private static int earliest(int[] rows, long[] times, long notBefore, int[] used, int usedCount) {
        int lo = 0;
        int hi = rows.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[rows[mid]] < notBefore) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (int i = lo; i < rows.length; i++) {
            boolean taken = false;
            for (int u = 0; u < usedCount; u++) {
                if (used[u] == rows[i]) {
                    taken = true;
                    break;
                }
            }
            if (!taken) {
                return rows[i];
            }
        }
        return -1;
    }

    long users(int step) {
        return users[step];
    }

    /** Median time from the previous step over the users who reached this one (lower middle when even). */
    Long medianMillisFromPrevious(int step) {
        List<Long> values = gaps.get(step);
        if (step == 0 || values.isEmpty()) {
            return null;
        }
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[(sorted.length - 1) / 2];
    }
}
