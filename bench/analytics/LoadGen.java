import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Fixed-rate load without coordinated omission: request k is due at start + k/rate, and its latency is measured
 * from that due time, so a stalled server shows up in the tail instead of slowing the generator down.
 * Usage: java -cp HdrHistogram.jar LoadGen.java <url> <json body> <rate/s> <seconds> <warmup seconds>
 */
public class LoadGen {
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        String body = args[1];
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int warmup = Integer.parseInt(args[4]);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(2)).connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        Histogram histogram = new ConcurrentHistogram(60_000_000_000L, 3);
        AtomicLong errors = new AtomicLong();
        ConcurrentHashMap<String, AtomicLong> why = new ConcurrentHashMap<>();
        AtomicLong done = new AtomicLong();
        long interval = 1_000_000_000L / rate;
        long total = (long) rate * (seconds + warmup);
        long warmupCount = (long) rate * warmup;
        // At most 256 requests in flight (connections): a late send still counts from its due time.
        Semaphore inFlight = new Semaphore(256);
        long start = System.nanoTime() + 100_000_000L;
        for (long k = 0; k < total; k++) {
            long due = start + k * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            boolean measured = k >= warmupCount;
            inFlight.acquire();
            client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                long latency = System.nanoTime() - due;
                if (error != null || response.statusCode() != 202) {
                    errors.incrementAndGet();
                    String reason = error != null ? String.valueOf(rootCause(error)) : "HTTP " + response.statusCode();
                    why.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
                } else if (measured) {
                    histogram.recordValue(latency);
                }
                done.incrementAndGet();
                inFlight.release();
            });
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (done.get() < total && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        System.out.printf("fixed-rate %d req/s for %d s (after %d s warm-up): %d measured, %d errors%n", rate,
                seconds, warmup, histogram.getTotalCount(), errors.get());
        if (!why.isEmpty()) {
            System.out.println("errors by cause: " + why);
        }
        System.out.printf("latency ms: p50=%.3f p90=%.3f p99=%.3f p99.9=%.3f max=%.3f%n",
                histogram.getValueAtPercentile(50) / 1e6, histogram.getValueAtPercentile(90) / 1e6,
                histogram.getValueAtPercentile(99) / 1e6, histogram.getValueAtPercentile(99.9) / 1e6,
                histogram.getMaxValue() / 1e6);
        System.out.printf("RESULT p99_ms=%.3f%n", histogram.getValueAtPercentile(99) / 1e6);
        System.exit(0);
    }

    private static Throwable rootCause(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
