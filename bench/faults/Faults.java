import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fault suite's load client and referee (issue 11). Under a steady mixed load through the balancer
 * (analytics ingestion, dashboard writes, billing charges, WebSocket clients) it injects each fault with
 * bench/cluster/ctl.sh, then checks what the database holds against what the clients were told.
 * Clients behave like good production clients: a failed request is retried with the same payload (same
 * insert_id, same Idempotency-Key), honouring Retry-After, for up to RETRY_FOR; only then does it count as failed.
 * Run by bench/faults/run.sh: java Faults.java <app url> <auth url> <cluster dir> <ctl.sh> <pg port> <queue bound>
 */
public class Faults {
    static final Duration RETRY_FOR = Duration.ofSeconds(60);
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final long SLOW_MS = 5_000;
    static final Pattern ACCEPTED = Pattern.compile("\"accepted\":(\\d+)");
    static final Pattern FRAME_ID = Pattern.compile("^\\{\"id\":(\\d+)");

    static String app;
    static String auth;
    static Path clusterDir;
    static String ctl;
    static int pgPort;
    static long queueBound;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).executor(Executors.newCachedThreadPool()).build();
    static final Map<String, Long> PEAK_RSS = new ConcurrentHashMap<>();
    // Keys and the payments checked are this run's only: a rerun on the same cluster must not replay old charges.
    static final String RUN = Long.toString(System.currentTimeMillis(), 36);
    static final java.time.Instant STARTED = java.time.Instant.now();
    static final List<String> REPORT = new ArrayList<>();

    static String userToken;
    static String serviceToken;
    static String accountId;
    static String projectId;
    static String projectToken;
    static String appName;
    static String appId;

    public static void main(String[] args) throws Exception {
        app = args[0];
        auth = args[1];
        clusterDir = Path.of(args[2]);
        ctl = args[3];
        pgPort = Integer.parseInt(args[4]);
        queueBound = Long.parseLong(args[5]);
        List<String> only = args.length > 6 ? List.of(args[6].split(",")) : List.of("1", "2", "3", "4", "5");
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(daemon("rss"));
        sampler.scheduleAtFixedRate(Faults::sampleRss, 0, 250, TimeUnit.MILLISECONDS);
        setUp();
        if (only.contains("1")) {
            killOneApp();
        }
        if (only.contains("2")) {
            rollingRestart();
        }
        if (only.contains("3")) {
            databaseDown();
        }
        if (only.contains("4")) {
            authDown();
        }
        if (only.contains("5")) {
            socketAcrossInstances();
        }
        sampler.shutdownNow();
        sampleRss();
        System.out.println();
        System.out.println("==================== fault suite summary ====================");
        REPORT.forEach(System.out::println);
        System.out.println();
        System.out.println("peak RSS per process (sampled every 250 ms; budget app <= 256 MB, auth <= 128 MB):");
        new TreeMap<>(PEAK_RSS).forEach((name, kb) -> {
            long budget = name.startsWith("app") ? 256 : name.startsWith("auth") ? 128 : 0;
            System.out.printf("  %-8s %4d MB%s%n", name, kb / 1024,
                    budget == 0 ? "" : kb / 1024 <= budget ? "  (within " + budget + " MB)"
                            : "  (OVER " + budget + " MB)");
        });
        System.exit(0);
    }

    // ------------------------------------------------------------------ set-up: tokens, project, app, card

    static void setUp() throws Exception {
        refreshTokens();
        accountId = claim(userToken, "sub");
        String project = ok(call("POST", app + "/v1/projects", userToken,
                "{\"name\":\"faults-" + System.currentTimeMillis() + "\"}", Map.of()), 201);
        projectId = field(project, "id");
        projectToken = field(project, "token");
        appName = "faults-" + Long.toString(System.nanoTime(), 36);
        String created = ok(call("POST", app + "/apps", userToken, "{\"name\":\"" + appName + "\"}", Map.of()), 201);
        appId = field(created, "id");
        ok(call("POST", app + "/account/payment-methods", userToken,
                "{\"number\":\"4242424242424242\",\"exp_month\":12,\"exp_year\":2030}", Map.of()), 201);
        System.out.printf("set-up: account %s, project %s, app %s%n", accountId, projectId, appName);
    }

    static void refreshTokens() throws Exception {
        userToken = field(ok(call("POST", auth + "/oauth/token", null,
                "grant_type=password&username=demo%40stratus.local&password=stratus-demo-password",
                Map.of("Content-Type", "application/x-www-form-urlencoded")), 200), "access_token");
        String basic = Base64.getEncoder().encodeToString("demo-service:demo-service-secret-change-me"
                .getBytes(StandardCharsets.UTF_8));
        serviceToken = field(ok(call("POST", auth + "/oauth/token", null, "grant_type=client_credentials",
                Map.of("Content-Type", "application/x-www-form-urlencoded", "Authorization", "Basic " + basic)), 200),
                "access_token");
    }

    // ------------------------------------------------------------------ the faults

    static void killOneApp() throws Exception {
        Load load = Load.start(1, app);
        sleep(5_000);
        long before = Load.inFlightAt(load);
        long t0 = System.nanoTime();
        ctl("kill", "app1");
        System.out.printf("fault 1: app1 killed (kill -9) with ~%d requests in flight%n", before);
        sleep(12_000);
        load.stop();
        long restart = System.nanoTime();
        ctl("start", "app1");
        double rejoin = secs(System.nanoTime() - restart);
        load.verify("1 kill -9 app1", t0, "lost <= queue of the killed instance (" + queueBound + " events)",
                queueBound, String.format("app1 restarted and routed again after %.1f s", rejoin));
    }

    static void rollingRestart() throws Exception {
        refreshTokens();
        Load load = Load.start(2, app);
        sleep(5_000);
        long t0 = System.nanoTime();
        StringBuilder times = new StringBuilder();
        for (int i = 1; i <= 3; i++) {
            long s = System.nanoTime();
            ctl("restart", "app" + i);
            times.append(String.format("app%d %.1f s; ", i, secs(System.nanoTime() - s)));
        }
        sleep(3_000);
        load.stop();
        load.verify("2 rolling restart (SIGTERM)", t0, "0 lost, 0 failed", 0,
                "drain + restart + routed: " + times);
    }

    static void databaseDown() throws Exception {
        refreshTokens();
        Load load = Load.start(3, app);
        sleep(5_000);
        long t0 = System.nanoTime();
        load.faultStart = t0;
        ctl("pg-stop");
        System.out.println("fault 3: PostgreSQL stopped for 30 s");
        sleep(30_000);
        long t1 = System.nanoTime();
        ctl("pg-start");
        System.out.println("fault 3: PostgreSQL started again");
        load.faultEnd = System.nanoTime();
        sleep(15_000);
        load.stop();
        load.verify("3 PostgreSQL down 30 s", t1, "0 lost, 0 doubled charges", 0, load.outageLine());
    }

    static void authDown() throws Exception {
        refreshTokens();
        Load load = Load.start(4, app);
        sleep(5_000);
        long t0 = System.nanoTime();
        load.faultStart = t0;
        for (int i = 1; i <= 2; i++) {
            ctl("kill", "auth" + i);
        }
        System.out.println("fault 4: every auth instance killed for 70 s (longer than the 1 min JWKS refresh)");
        Stats logins = new Stats("logins");
        long until = System.nanoTime() + 70_000_000_000L;
        while (System.nanoTime() < until) {
            login(logins);
            sleep(1_000);
        }
        long t1 = System.nanoTime();
        for (int i = 1; i <= 2; i++) {
            ctl("start", "auth" + i);
        }
        long ready = System.nanoTime();
        long recovered = -1;
        while (recovered < 0 && System.nanoTime() - ready < 60_000_000_000L) {
            if (login(null) == 200) {
                recovered = System.nanoTime();
            } else {
                sleep(200);
            }
        }
        load.faultEnd = t1;
        sleep(3_000);
        load.stop();
        load.verify("4 auth down 70 s", t1, "0 lost; logins fail cleanly", 0, String.format(
                "logins during the outage: %d tried, statuses %s, slowest %d ms; auth started and routed again"
                        + " after %.1f s, first login %s", logins.attempts.get(), logins.statuses,
                logins.maxLatencyMs.get(), secs(ready - t1),
                recovered < 0 ? "NEVER (60 s)" : String.format("%.1f s after that", secs(recovered - ready))));
    }

    static void socketAcrossInstances() throws Exception {
        refreshTokens();
        int lbPort = URI.create(app).getPort();
        String instanceA = "http://127.0.0.1:" + (lbPort + 11); // app1 (bench/cluster/lib.sh's port layout)
        String instanceB = "http://127.0.0.1:" + (lbPort + 12); // app2
        Load load = Load.start(5, app);
        long baseline = Long.parseLong(psql("select coalesce(max(id), 0) from dashboard.events"));
        Socket onB = Socket.open("B", instanceB, app, baseline);
        sleep(2_000);
        List<Long> delays = new ArrayList<>();
        for (int q = 1; q <= 10; q++) {
            ok(call("PATCH", instanceA + "/apps/" + appName + "/formation/web", userToken,
                    "{\"quantity\":" + (1 + q % 2) + "}", Map.of()), 200);
            long sent = System.nanoTime();
            // The newest committed event of the app is this write's (or a later one of the load).
            long id = Long.parseLong(psql("select max(id) from dashboard.events where app_id = '" + appId + "'"));
            while (!onB.received.contains(id) && System.nanoTime() - sent < 5_000_000_000L) {
                sleep(1);
            }
            delays.add(onB.received.contains(id) ? (System.nanoTime() - sent) / 1_000_000 : -1);
            sleep(200);
        }
        long t0 = System.nanoTime();
        ctl("kill", "app2");
        System.out.println("fault 5: app2 (the socket's instance) killed; the socket reconnects through the balancer");
        sleep(10_000);
        load.stop();
        Set<Long> expected = expectedEvents(baseline);
        Socket.awaitCaughtUp(List.of(onB), expected);
        onB.close();
        Set<Long> missed = new HashSet<>(expected);
        missed.removeAll(onB.received);
        ctl("start", "app2");
        load.verify("5 socket across instances", t0, "0 missed events; lost <= queue of the killed instance ("
                + queueBound + " events)", queueBound, String.format(
                "socket on app2 saw app1's changes after %s ms; after app2 died it reconnected %d time(s) in %d ms"
                        + " via the balancer and missed %d of %d committed events",
                delays, onB.reconnects.get(), onB.maxReconnectMs.get(), missed.size(), expected.size()));
    }

    static int login(Stats stats) {
        long t = System.nanoTime();
        try {
            HttpResponse<String> r = call("POST", auth + "/oauth/token", null,
                    "grant_type=password&username=demo%40stratus.local&password=stratus-demo-password",
                    Map.of("Content-Type", "application/x-www-form-urlencoded"));
            if (stats != null) {
                stats.attempts.incrementAndGet();
                stats.statuses.computeIfAbsent(r.statusCode() + (r.body().startsWith("{") ? " json" : " NOT json"),
                        k -> new AtomicLong()).incrementAndGet();
                stats.maxLatencyMs.accumulateAndGet((System.nanoTime() - t) / 1_000_000, Math::max);
            }
            return r.statusCode();
        } catch (IOException e) {
            if (stats != null) {
                stats.attempts.incrementAndGet();
                stats.statuses.computeIfAbsent("io " + e.getClass().getSimpleName(), k -> new AtomicLong())
                        .incrementAndGet();
            }
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    // ------------------------------------------------------------------ the load

    /** Counters of one kind of request in one phase. */
    static final class Stats {
        final String name;
        final AtomicLong sent = new AtomicLong();      // units (events, writes, charges) the client set out to send
        final AtomicLong accepted = new AtomicLong();  // units the server acknowledged
        final AtomicLong failed = new AtomicLong();    // units given up on after RETRY_FOR (or refused with a 4xx)
        final AtomicLong attempts = new AtomicLong();  // HTTP attempts, retries included
        final AtomicLong retried = new AtomicLong();   // attempts answered with an error and then retried
        final AtomicLong unavailable = new AtomicLong();
        final AtomicLong unavailableWithRetryAfter = new AtomicLong();
        final AtomicLong slow = new AtomicLong();
        final AtomicLong maxLatencyMs = new AtomicLong();
        final AtomicLong firstErrorAt = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong lastErrorAt = new AtomicLong(Long.MIN_VALUE);
        final AtomicLong inFlight = new AtomicLong();
        final Map<String, AtomicLong> statuses = new ConcurrentHashMap<>();
        final Map<Integer, AtomicLong> errorLatencyMaxByStatus = new ConcurrentHashMap<>();

        Stats(String name) {
            this.name = name;
        }

        void error(String what, long latencyMs) {
            long now = System.nanoTime();
            retried.incrementAndGet();
            firstErrorAt.accumulateAndGet(now, Math::min);
            lastErrorAt.accumulateAndGet(now, Math::max);
            statuses.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
        }
    }

    /** Sends one request until a wanted status, retrying like a production client; null when given up. */
    static HttpResponse<String> reliably(Stats stats, Supplier<HttpRequest> request, Set<Integer> wanted) {
        long deadline = System.nanoTime() + RETRY_FOR.toNanos();
        long backoff = 100;
        while (true) {
            long t = System.nanoTime();
            stats.attempts.incrementAndGet();
            stats.inFlight.incrementAndGet();
            long waitMs = backoff;
            try {
                HttpResponse<String> r = HTTP.send(request.get(), HttpResponse.BodyHandlers.ofString());
                long ms = (System.nanoTime() - t) / 1_000_000;
                stats.maxLatencyMs.accumulateAndGet(ms, Math::max);
                if (ms > SLOW_MS) {
                    stats.slow.incrementAndGet();
                }
                int status = r.statusCode();
                if (wanted.contains(status)) {
                    return r;
                }
                stats.errorLatencyMaxByStatus.computeIfAbsent(status, k -> new AtomicLong())
                        .accumulateAndGet(ms, Math::max);
                stats.error(String.valueOf(status), ms);
                if (status == 503) {
                    stats.unavailable.incrementAndGet();
                    String retryAfter = r.headers().firstValue("Retry-After").orElse(null);
                    if (retryAfter != null) {
                        stats.unavailableWithRetryAfter.incrementAndGet();
                        waitMs = Math.max(waitMs, parseLong(retryAfter, 1) * 1000);
                    }
                } else if (status < 500 && status != 409 && status != 429) {
                    System.out.printf("  %s: gave up on %d %s%n", stats.name, status, r.body());
                    return null;
                }
            } catch (IOException e) {
                long ms = (System.nanoTime() - t) / 1_000_000;
                if (ms > SLOW_MS) {
                    stats.slow.incrementAndGet();
                }
                stats.error("io " + e.getClass().getSimpleName(), ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } finally {
                stats.inFlight.decrementAndGet();
            }
            if (System.nanoTime() + waitMs * 1_000_000 > deadline) {
                return null;
            }
            sleep(waitMs);
            backoff = Math.min(backoff * 2, 2_000);
        }
    }

    /** The mixed load of one phase and the checks after it. */
    static final class Load {
        final int phase;
        final String base;
        final Stats ingest = new Stats("ingest");
        final Stats writes = new Stats("dashboard");
        final Stats charges = new Stats("charges");
        final List<Thread> threads = new ArrayList<>();
        final Map<String, Long> lastAckedVar = new ConcurrentHashMap<>();
        final Set<Long> ackedAmounts = ConcurrentHashMap.newKeySet();
        final List<Socket> sockets = new ArrayList<>();
        final long eventsBaseline;
        volatile boolean running = true;
        volatile long faultStart;
        volatile long faultEnd;

        Load(int phase, String base, long eventsBaseline) {
            this.phase = phase;
            this.base = base;
            this.eventsBaseline = eventsBaseline;
        }

        static Load start(int phase, String base) throws Exception {
            long baseline = Long.parseLong(psql("select coalesce(max(id), 0) from dashboard.events"));
            Load load = new Load(phase, base, baseline);
            // ~1,000 events/s in 25-event batches, 2 config-var writers, 1 formation writer, 1 charger, 4 sockets.
            for (int t = 0; t < 4; t++) {
                int thread = t;
                load.loop("ingest-" + t, 100, seq -> load.ingestBatch(thread, seq));
            }
            for (int t = 0; t < 2; t++) {
                int thread = t;
                load.loop("config-" + t, 200, seq -> load.configWrite(thread, seq));
            }
            load.loop("formation", 300, load::formationWrite);
            load.loop("charges", 250, load::charge);
            for (int s = 0; s < 4; s++) {
                load.sockets.add(Socket.open("lb" + s, base, base, baseline));
            }
            System.out.printf("phase %d: load running (ingestion, dashboard writes, charges, %d sockets)%n", phase,
                    load.sockets.size());
            return load;
        }

        static long inFlightAt(Load load) {
            return load.ingest.inFlight.get() + load.writes.inFlight.get() + load.charges.inFlight.get();
        }

        interface Step {
            void run(long seq) throws Exception;
        }

        void loop(String name, long everyMs, Step step) {
            Thread thread = new Thread(() -> {
                long seq = 0;
                while (running) {
                    long t = System.nanoTime();
                    try {
                        step.run(seq++);
                    } catch (Exception e) {
                        System.out.printf("  %s: %s%n", name, e);
                    }
                    long left = everyMs - (System.nanoTime() - t) / 1_000_000;
                    if (left > 0) {
                        sleep(left);
                    }
                }
            }, "load-" + name);
            thread.start();
            threads.add(thread);
        }

        void ingestBatch(int thread, long seq) {
            int n = 25;
            long now = System.currentTimeMillis();
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    body.append(',');
                }
                body.append("{\"event\":\"fault\",\"token\":\"").append(projectToken).append("\",\"distinct_id\":\"u")
                        .append(i).append("\",\"time\":").append(now).append(",\"insert_id\":\"p").append(phase)
                        .append('-').append(thread).append('-').append(seq).append('-').append(i)
                        .append("\",\"properties\":{\"phase\":").append(phase).append("}}");
            }
            body.append(']');
            String json = body.toString();
            ingest.sent.addAndGet(n);
            HttpResponse<String> r = reliably(ingest, () -> HttpRequest.newBuilder(URI.create(base + "/v1/events"))
                    .timeout(TIMEOUT).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), Set.of(202));
            if (r == null) {
                ingest.failed.addAndGet(n);
                return;
            }
            Matcher m = ACCEPTED.matcher(r.body());
            ingest.accepted.addAndGet(m.find() ? Long.parseLong(m.group(1)) : 0);
        }

        void configWrite(int thread, long seq) {
            String key = "FAULT_W" + thread;
            writes.sent.incrementAndGet();
            HttpResponse<String> r = reliably(writes, () -> authorized(base + "/apps/" + appName + "/config-vars",
                    userToken).method("PATCH", HttpRequest.BodyPublishers.ofString(
                            "{\"" + key + "\":\"" + seq + "\"}")).build(), Set.of(200));
            if (r == null) {
                writes.failed.incrementAndGet();
            } else {
                writes.accepted.incrementAndGet();
                lastAckedVar.merge(key, seq, Math::max);
            }
        }

        void formationWrite(long seq) {
            writes.sent.incrementAndGet();
            HttpResponse<String> r = reliably(writes, () -> authorized(base + "/apps/" + appName + "/formation/web",
                    userToken).method("PATCH", HttpRequest.BodyPublishers.ofString(
                            "{\"quantity\":" + (1 + seq % 2) + "}")).build(), Set.of(200));
            if (r == null) {
                writes.failed.incrementAndGet();
            } else {
                writes.accepted.incrementAndGet();
            }
        }

        void charge(long seq) {
            long amount = phase * 100_000L + seq + 1;
            String key = "faults-" + RUN + "-" + amount;
            String body = "{\"account_id\":\"" + accountId + "\",\"amount_cents\":" + amount + ",\"currency\":\"usd\"}";
            charges.sent.incrementAndGet();
            HttpResponse<String> r = reliably(charges, () -> authorized(base + "/internal/billing/charges",
                    serviceToken).header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), Set.of(200, 201));
            if (r == null) {
                charges.failed.incrementAndGet();
            } else {
                charges.accepted.incrementAndGet();
                ackedAmounts.add(amount);
            }
        }

        void stop() throws InterruptedException {
            running = false;
            for (Thread t : threads) {
                t.join();
            }
        }

        String outageLine() {
            long firstIngest503 = ingest.unavailable.get() == 0 ? -1 : ingest.firstErrorAt.get();
            return String.format("during the outage: ingestion 503s %d (%d with Retry-After), first after %s;"
                            + " other APIs' errors %s / %s, slowest error answer %s ms; requests over %d s: %d",
                    ingest.unavailable.get(), ingest.unavailableWithRetryAfter.get(),
                    firstIngest503 < 0 ? "never" : String.format("%.1f s", secs(firstIngest503 - faultStart)),
                    writes.statuses, charges.statuses, maxErrorLatency(),
                    SLOW_MS / 1000, ingest.slow.get() + writes.slow.get() + charges.slow.get());
        }

        long maxErrorLatency() {
            long max = 0;
            for (Stats s : List.of(ingest, writes, charges)) {
                for (AtomicLong v : s.errorLatencyMaxByStatus.values()) {
                    max = Math.max(max, v.get());
                }
            }
            return max;
        }

        void verify(String fault, long recoveryFrom, String allowed, long lostBound, String extra) throws Exception {
            long caughtUpMs = Socket.awaitCaughtUp(sockets, expectedEvents(eventsBaseline));
            for (Socket s : sockets) {
                s.close();
            }
            // Let the writers drain their queues and the sockets' last frames arrive.
            long stored = 0;
            for (int i = 0; i < 40; i++) {
                stored = Long.parseLong(psql("select count(*) from analytics.events where project_id = '" + projectId
                        + "' and insert_id like 'p" + phase + "-%'"));
                if (stored >= ingest.accepted.get()) {
                    break;
                }
                sleep(500);
            }
            Map<Long, Long> payments = new HashMap<>();
            for (String line : psql("select amount_cents, count(*) from billing.payments where account_id = '"
                    + accountId + "' and created_at >= '" + STARTED + "' and amount_cents > " + phase * 100_000L
                    + " and amount_cents < "
                    + (phase + 1) * 100_000L + " group by 1").split("\n")) {
                if (!line.isBlank()) {
                    String[] p = line.split("\\|");
                    payments.put(Long.parseLong(p[0]), Long.parseLong(p[1]));
                }
            }
            long doubled = payments.values().stream().mapToLong(c -> c - 1).sum();
            long chargesLost = ackedAmounts.stream().filter(a -> !payments.containsKey(a)).count();
            String vars = call("GET", app + "/apps/" + appName + "/config-vars", userToken, null, Map.of()).body();
            long writesLost = lastAckedVar.entrySet().stream().filter(e -> {
                String v = field(vars, e.getKey());
                return v == null || Long.parseLong(v) < e.getValue();
            }).count();
            Set<Long> expected = expectedEvents(eventsBaseline);
            long missed = 0;
            long reconnects = 0;
            long maxReconnect = 0;
            for (Socket s : sockets) {
                Set<Long> m = new HashSet<>(expected);
                m.removeAll(s.received);
                missed += m.size();
                if (!m.isEmpty()) {
                    System.out.printf("  socket %s missed event ids %s (received %d, reconnected %d times)%n", s.name,
                            m.stream().sorted().limit(10).toList(), s.received.size(), s.reconnects.get());
                }
                reconnects += s.reconnects.get();
                maxReconnect = Math.max(maxReconnect, s.maxReconnectMs.get());
            }
            long lastError = Math.max(ingest.lastErrorAt.get(), Math.max(writes.lastErrorAt.get(),
                    charges.lastErrorAt.get()));
            String recovery = lastError == Long.MIN_VALUE ? "no client saw an error"
                    : String.format("%.1f s (last client-side error, from %s)",
                    Math.max(0, secs(lastError - recoveryFrom)),
                    fault.startsWith("3") || fault.startsWith("4") ? "the restart" : "the fault");
            List<String> out = new ArrayList<>();
            out.add("--- fault " + fault + " ---");
            out.add(String.format("  %-10s %9s %7s %9s %9s %6s  %s", "", "sent", "failed", "accepted", "stored", "lost",
                    "retried attempts (by status)"));
            out.add(row("ingest ev", ingest, stored, ingest.accepted.get() - stored));
            out.add(row("dashboard", writes, writes.accepted.get() - writesLost, writesLost));
            out.add(row("charges", charges, payments.size(), chargesLost) + "  doubled: " + doubled);
            long duplicates = sockets.stream().mapToLong(s -> s.duplicates.get()).sum();
            out.add(String.format("  %-10s %d clients, %d committed events each, %d missed in all, %d duplicates,"
                    + " %d reconnects (slowest %d ms), caught up %s", "sockets", sockets.size(), expected.size(),
                    missed, duplicates, reconnects, maxReconnect,
                    caughtUpMs < 0 ? "NOT within 15 s" : caughtUpMs + " ms after the load stopped"));
            long lost = (ingest.accepted.get() - stored) + writesLost + chargesLost;
            out.add(String.format("  allowed: %s -> %s", allowed, lost <= lostBound && doubled == 0 && missed == 0
                    ? "OK" : "NOT MET (lost " + lost + ", doubled " + doubled + ", missed " + missed + ")"));
            out.add("  recovery: " + recovery);
            out.add("  " + extra);
            out.forEach(System.out::println);
            REPORT.addAll(out);
        }

        static String row(String name, Stats s, long stored, long lost) {
            return String.format("  %-10s %9d %7d %9d %9d %6d  %d %s", name, s.sent.get(), s.failed.get(),
                    s.accepted.get(), stored, lost, s.retried.get(), s.statuses);
        }
    }

    static Set<Long> expectedEvents(long baseline) throws Exception {
        Set<Long> ids = new HashSet<>();
        for (String line : psql("select id from dashboard.events where app_id = '" + appId + "' and id > " + baseline)
                .split("\n")) {
            if (!line.isBlank()) {
                ids.add(Long.parseLong(line.trim()));
            }
        }
        return ids;
    }

    /** A live-events client that resumes with ?since= after any drop, always through {@code reconnectBase}. */
    static final class Socket implements WebSocket.Listener {
        final String name;
        final String reconnectBase;
        final Set<Long> received = new ConcurrentSkipListSet<>();
        final AtomicLong reconnects = new AtomicLong();
        final AtomicLong maxReconnectMs = new AtomicLong();
        /** Frames at or below an id already received: the server must not send them (issue 11). */
        final AtomicLong duplicates = new AtomicLong();
        final StringBuilder partial = new StringBuilder();
        volatile long lastId;
        volatile boolean closed;
        volatile WebSocket ws;
        static final ScheduledExecutorService RECONNECT = Executors.newScheduledThreadPool(1, daemon("reconnect"));

        Socket(String name, String reconnectBase, long since) {
            this.name = name;
            this.reconnectBase = reconnectBase;
            this.lastId = since;
        }

        static Socket open(String name, String first, String reconnectBase, long since) throws Exception {
            Socket s = new Socket(name, reconnectBase, since);
            try {
                s.ws = s.connect(first).get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // A freshly restarted instance on a busy machine can be slow to answer: keep trying, like a browser.
                System.out.printf("  socket %s could not connect (%s); retrying through the balancer%n", name, e);
                s.dropped();
            }
            return s;
        }

        CompletableFuture<WebSocket> connect(String base) {
            URI uri = URI.create(base.replaceFirst("^http", "ws") + "/events?app=" + appName + "&since=" + lastId);
            return HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + userToken)
                    .connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, this);
        }

        void dropped() {
            if (closed) {
                return;
            }
            long from = System.nanoTime();
            reconnects.incrementAndGet();
            RECONNECT.schedule(() -> retry(from), 100, TimeUnit.MILLISECONDS);
        }

        void retry(long from) {
            if (closed) {
                return;
            }
            connect(reconnectBase).whenComplete((w, e) -> {
                if (e != null) {
                    RECONNECT.schedule(() -> retry(from), 250, TimeUnit.MILLISECONDS);
                } else {
                    ws = w;
                    maxReconnectMs.accumulateAndGet((System.nanoTime() - from) / 1_000_000, Math::max);
                }
            });
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                Matcher m = FRAME_ID.matcher(partial);
                if (m.find()) {
                    long id = Long.parseLong(m.group(1));
                    if (id <= lastId) {
                        duplicates.incrementAndGet();
                    }
                    received.add(id);
                    lastId = Math.max(lastId, id);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (statusCode != 1000 && !closed) {
                System.out.printf("  socket %s closed %d %s; resuming from %d%n", name, statusCode, reason, lastId);
            }
            dropped();
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            dropped();
        }

        /**
         * Waits up to 15 s for every socket to have received every committed event (a reconnect may still be
         * replaying when the load stops); the time it took, or -1 if some socket is still short.
         */
        static long awaitCaughtUp(List<Socket> sockets, Set<Long> expected) {
            long from = System.nanoTime();
            while (sockets.stream().anyMatch(s -> !s.received.containsAll(expected))) {
                if (System.nanoTime() - from > 15_000_000_000L) {
                    return -1;
                }
                sleep(100);
            }
            return (System.nanoTime() - from) / 1_000_000;
        }

        void close() {
            closed = true;
            WebSocket w = ws;
            if (w != null) {
                w.abort();
            }
        }
    }

    // ------------------------------------------------------------------ plumbing

    static HttpRequest.Builder authorized(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json");
    }

    /** One request of the set-up or the checks: no retry, but time for a bcrypt login on a busy machine. */
    static HttpResponse<String> call(String method, String url, String token, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null && !headers.containsKey("Content-Type")) {
            b.header("Content-Type", "application/json");
        }
        headers.forEach(b::header);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String ok(HttpResponse<String> r, int status) {
        if (r.statusCode() != status) {
            throw new IllegalStateException(r.request().method() + " " + r.uri() + " answered " + r.statusCode() + ": "
                    + r.body());
        }
        return r.body();
    }

    /** A top-level string or number field of a small JSON object (enough for our own answers). */
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|[-0-9.]+)")
                .matcher(json);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : m.group(1);
    }

    static String claim(String jwt, String name) {
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        return field(payload, name);
    }

    static String psql(String sql) throws Exception {
        Process p = new ProcessBuilder("psql", "-h", "127.0.0.1", "-p", String.valueOf(pgPort), "-U", "postgres", "-d",
                "stratus", "-tA", "-c", sql).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("psql failed: " + out);
        }
        return out;
    }

    static void ctl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ctl));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("ctl.sh " + String.join(" ", args) + " failed");
        }
    }

    static void sampleRss() {
        try (var files = Files.list(clusterDir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".pid")).forEach(f -> {
                String name = f.getFileName().toString().replace(".pid", "");
                try {
                    String pid = Files.readString(f).trim();
                    for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                        if (line.startsWith("VmRSS:")) {
                            long kb = Long.parseLong(line.replaceAll("\\D", ""));
                            PEAK_RSS.merge(name, kb, Math::max);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // The process is gone (a fault killed it) or its pid file is being rewritten.
                }
            });
        } catch (IOException e) {
            // The cluster directory is being rewritten.
        }
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    static long parseLong(String s, long fallback) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static double secs(long nanos) {
        return nanos / 1e9;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
