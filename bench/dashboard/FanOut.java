import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Live fan-out: N sockets watch one app; each round PATCHes its formation and measures, from the moment the
 * PATCH response returns, how long until every socket has the matching event. Run: java FanOut.java
 * <base url> <token> <app> <clients> <rounds>. Prints per-round "last client" latency percentiles.
 */
public class FanOut {
    static final Pattern QUANTITY = Pattern.compile("\"resource\":\"formation\".*\"quantity\":(\\d+)");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String token = args[1];
        String app = args[2];
        int clients = Integer.parseInt(args[3]);
        int rounds = Integer.parseInt(args[4]);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        URI events = URI.create(base.replaceFirst("^http", "ws") + "/events?app=" + app);
        AtomicReference<CountDownLatch> latch = new AtomicReference<>(new CountDownLatch(0));
        AtomicReference<Integer> expected = new AtomicReference<>(-1);
        List<Long> lastArrival = Collections.synchronizedList(new ArrayList<>());
        ConcurrentHashMap<Integer, Long> arrivals = new ConcurrentHashMap<>();
        List<WebSocket> sockets = new ArrayList<>();
        long connectStart = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            int id = i;
            WebSocket.Listener listener = new WebSocket.Listener() {
                final StringBuilder partial = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                        Matcher m = QUANTITY.matcher(partial);
                        if (m.find() && Integer.parseInt(m.group(1)) == expected.get()) {
                            arrivals.put(id, System.nanoTime());
                            latch.get().countDown();
                        }
                        partial.setLength(0);
                    }
                    ws.request(1);
                    return null;
                }
            };
            sockets.add(http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                    .buildAsync(events, listener).get(30, TimeUnit.SECONDS));
        }
        System.out.printf("fan-out: %d sockets connected in %d ms%n", clients,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connectStart));
        Thread.sleep(1000);
        List<Double> perRound = new ArrayList<>();
        List<Double> perDelivery = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            int quantity = (r % 9) + 1;
            arrivals.clear();
            expected.set(quantity);
            latch.set(new CountDownLatch(clients));
            HttpRequest patch = HttpRequest.newBuilder(URI.create(base + "/apps/" + app + "/formation/web"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"quantity\":" + quantity + "}")).build();
            HttpResponse<String> response = http.send(patch, HttpResponse.BodyHandlers.ofString());
            long returned = System.nanoTime();
            if (response.statusCode() != 200) {
                throw new IllegalStateException("PATCH answered " + response.statusCode() + ": " + response.body());
            }
            if (!latch.get().await(10, TimeUnit.SECONDS)) {
                System.out.printf("round %d: only %d of %d sockets got the event%n", r,
                        clients - latch.get().getCount(), clients);
            }
            long last = arrivals.values().stream().mapToLong(Long::longValue).max().orElse(returned);
            perRound.add((last - returned) / 1e6);
            arrivals.values().forEach(t -> perDelivery.add(Math.max(0, t - returned) / 1e6));
            Thread.sleep(200);
        }
        Collections.sort(perRound);
        Collections.sort(perDelivery);
        System.out.printf("fan-out: %d rounds x %d sockets; PATCH return -> LAST socket: p50 %.1f ms, p99 %.1f ms,"
                + " max %.1f ms%n", rounds, clients, pct(perRound, 50), pct(perRound, 99),
                perRound.get(perRound.size() - 1));
        System.out.printf("fan-out: PATCH return -> each socket (all deliveries): p50 %.1f ms, p99 %.1f ms%n",
                pct(perDelivery, 50), pct(perDelivery, 99));
        for (WebSocket ws : sockets) {
            ws.abort();
        }
    }

    static double pct(List<Double> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
