import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Open-loop fixed-rate load in the manner of wrk2, without coordinated omission. The schedule is fixed before the
 * run: request k is due at start + k/rate, and request k goes out on connection k mod C (C keep-alive sockets,
 * one thread each). A connection still waiting for an answer sends its next request as soon as it can, and every
 * latency is measured from the request's due time, so a stalled server (or a saturated generator) shows up in the
 * tail instead of quietly lowering the rate.
 * <p>
 * Two histograms, as wrk2 prints them: "response" from the due time (the figure to report) and "service" from the
 * moment the request was written (what one request cost once sent). If they differ much, requests waited for a
 * connection: the server (or this generator) fell behind the schedule. The achieved rate and the share of requests
 * sent more than 1 ms late are printed too, so a run that did not hold its rate is visible.
 * <p>
 * Usage: java -cp HdrHistogram.jar LoadGen.java url body rate seconds warmupSeconds [connections]
 * A POST with {@code Content-Type: application/json}; only 202 counts as success.
 */
public class LoadGen {
    private static final long SECOND = 1_000_000_000L;

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        byte[] body = args[1].getBytes(StandardCharsets.UTF_8);
        int rate = Integer.parseInt(args[2]);
        int seconds = Integer.parseInt(args[3]);
        int warmup = Integer.parseInt(args[4]);
        // wrk2's rule of thumb: enough connections that each carries a modest rate (here <= 100 req/s).
        int connections = args.length > 5 ? Integer.parseInt(args[5]) : Math.max(16, rate / 100);
        byte[] request = ("POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] wire = new byte[request.length + body.length];
        System.arraycopy(request, 0, wire, 0, request.length);
        System.arraycopy(body, 0, wire, request.length, body.length);

        long interval = SECOND / rate;
        long total = (long) rate * (seconds + warmup);
        long start = System.nanoTime() + SECOND / 2;
        long measureFrom = start + warmup * SECOND;
        Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
        List<Worker> workers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Worker w = new Worker(uri, wire, c, connections, interval, total, start, measureFrom, errors);
            workers.add(w);
        }
        for (Worker w : workers) {
            w.start();
        }
        for (Worker w : workers) {
            w.join();
        }
        Histogram response = new Histogram(3_600 * SECOND, 3);
        Histogram service = new Histogram(3_600 * SECOND, 3);
        long late = 0;
        long measured = 0;
        long lastDone = 0;
        for (Worker w : workers) {
            response.add(w.response);
            service.add(w.service);
            late += w.lateSends;
            measured += w.measuredSends;
            lastDone = Math.max(lastDone, w.lastDone);
        }
        long errorCount = errors.values().stream().mapToLong(AtomicLong::get).sum();
        double achieved = response.getTotalCount() / ((lastDone - measureFrom) / 1e9);
        System.out.printf("fixed-rate %d req/s for %d s (after %d s warm-up), %d connections: %d measured, %d errors,"
                + " achieved %.0f req/s, %.1f%% sent > 1 ms after their due time%n", rate, seconds, warmup,
                connections, response.getTotalCount(), errorCount, achieved,
                measured == 0 ? 0.0 : 100.0 * late / measured);
        if (!errors.isEmpty()) {
            System.out.println("errors by cause: " + errors);
        }
        print("latency", response);
        print("service", service);
        System.out.printf("RESULT rate=%d p99_ms=%.3f achieved=%.0f errors=%d%n", rate,
                response.getValueAtPercentile(99) / 1e6, achieved, errorCount);
        System.exit(0);
    }

    private static void print(String name, Histogram h) {
        System.out.printf("%s ms (%s): p50=%.3f p90=%.3f p99=%.3f p99.9=%.3f max=%.3f%n", name,
                name.equals("latency") ? "from due time" : "from send", h.getValueAtPercentile(50) / 1e6,
                h.getValueAtPercentile(90) / 1e6, h.getValueAtPercentile(99) / 1e6,
                h.getValueAtPercentile(99.9) / 1e6, h.getMaxValue() / 1e6);
    }

    /** One keep-alive connection carrying requests c, c + C, c + 2C, ... of the schedule. */
    static final class Worker extends Thread {
        final Histogram response = new Histogram(3_600 * SECOND, 3);
        final Histogram service = new Histogram(3_600 * SECOND, 3);
        private final URI uri;
        private final byte[] wire;
        private final int index;
        private final int connections;
        private final long interval;
        private final long total;
        private final long start;
        private final long measureFrom;
        private final Map<String, AtomicLong> errors;
        private final byte[] buffer = new byte[8192];
        long lateSends;
        long measuredSends;
        long lastDone;
        private Socket socket;
        private OutputStream out;
        private InputStream in;

        Worker(URI uri, byte[] wire, int index, int connections, long interval, long total, long start,
                long measureFrom, Map<String, AtomicLong> errors) {
            super("loadgen-" + index);
            setDaemon(true);
            this.uri = uri;
            this.wire = wire;
            this.index = index;
            this.connections = connections;
            this.interval = interval;
            this.total = total;
            this.start = start;
            this.measureFrom = measureFrom;
            this.errors = errors;
        }

        @Override
        public void run() {
            for (long k = index; k < total; k += connections) {
                long due = start + k * interval;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                long sent = System.nanoTime();
                boolean measured = due >= measureFrom;
                if (measured) {
                    measuredSends++;
                    if (sent - due > 1_000_000L) {
                        lateSends++;
                    }
                }
                String problem;
                try {
                    problem = exchange();
                } catch (IOException e) {
                    problem = e.getClass().getSimpleName();
                    close();
                }
                long done = System.nanoTime();
                if (problem != null) {
                    errors.computeIfAbsent(problem, p -> new AtomicLong()).incrementAndGet();
                } else if (measured) {
                    response.recordValue(done - due);
                    service.recordValue(done - sent);
                    lastDone = Math.max(lastDone, done);
                }
            }
            close();
        }

        /** Sends one request and reads its answer; null on 202, else why not. */
        private String exchange() throws IOException {
            if (socket == null) {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(30_000);
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
                out = socket.getOutputStream();
                in = new BufferedInputStream(socket.getInputStream(), 8192);
            }
            out.write(wire);
            out.flush();
            String status = readLine();
            int contentLength = -1;
            boolean close = false;
            String line;
            while (!(line = readLine()).isEmpty()) {
                int colon = line.indexOf(':');
                String name = colon < 0 ? line : line.substring(0, colon).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    contentLength = Integer.parseInt(line.substring(colon + 1).trim());
                } else if (name.equalsIgnoreCase("Connection") && line.toLowerCase().contains("close")) {
                    close = true;
                }
            }
            if (contentLength < 0) {
                close();
                return "no Content-Length";
            }
            for (int left = contentLength; left > 0; ) {
                int n = in.read(buffer, 0, Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException("closed mid-body");
                }
                left -= n;
            }
            if (close) {
                close();
            }
            String[] parts = status.split(" ", 3);
            return parts.length > 1 && parts[1].equals("202") ? null : "HTTP " + (parts.length > 1 ? parts[1] : status);
        }

        private String readLine() throws IOException {
            StringBuilder line = new StringBuilder(64);
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    int len = line.length();
                    if (len > 0 && line.charAt(len - 1) == '\r') {
                        line.setLength(len - 1);
                    }
                    return line.toString();
                }
                line.append((char) b);
            }
            throw new IOException("connection closed");
        }

        private void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // already gone
                }
                socket = null;
            }
        }
    }
}
