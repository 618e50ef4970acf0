import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * Times each query type over HTTP: the first request after a restart of app and PostgreSQL (cold), then the median
 * of WARM_RUNS more (warm). Usage: java Queries.java <base url> <project id> <bearer token>
 */
public class Queries {
    static final int WARM_RUNS = 5;

    public static void main(String[] args) throws Exception {
        String base = args[0] + "/v1/projects/" + args[1];
        String token = args[2];
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String to = today + "T00:00:00Z";
        String from30 = today.minusDays(30) + "T00:00:00Z";
        String from7 = today.minusDays(7) + "T00:00:00Z";
        String[][] queries = {
            {"series, 30 days daily, 1 event", "/events/series?interval=day&event=e05&from=" + from30 + "&to=" + to},
            {"series, 30 days daily, all 50 events", "/events/series?interval=day&from=" + from30 + "&to=" + to},
            {"series, 7 days hourly, 1 event", "/events/series?interval=hour&event=e05&from=" + from7 + "&to=" + to},
            {"breakdown, 30 days, e05 by plan", "/breakdown?event=e05&property=plan&from=" + from30 + "&to=" + to},
            {"breakdown, 30 days, e00 (most frequent) by country",
                "/breakdown?event=e00&property=country&from=" + from30 + "&to=" + to},
            {"funnel, 3 steps e01>e02>e03, 7 days, window P7D",
                "/funnel?step=e01&step=e02&step=e03&window=P7D&from=" + from7 + "&to=" + to},
            {"retention, 8 weeks, e01 then e02",
                "/retention?start_event=e01&return_event=e02&period=week&periods=8&from=" + from30 + "&to=" + to},
            {"properties, 30 days, e05", "/properties?event=e05&from=" + from30 + "&to=" + to},
            {"event names, 30 days", "/events/names?from=" + from30 + "&to=" + to},
        };
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        System.out.printf("%-52s %10s %10s  %s%n", "query", "cold ms", "warm ms", "answer bytes");
        for (String[] q : queries) {
            double cold = time(client, base + q[1], token);
            double[] warm = new double[WARM_RUNS];
            long bytes = 0;
            for (int i = 0; i < WARM_RUNS; i++) {
                warm[i] = time(client, base + q[1], token);
            }
            bytes = last;
            Arrays.sort(warm);
            System.out.printf("%-52s %10.0f %10.0f  %d%n", q[0], cold, warm[WARM_RUNS / 2], bytes);
            System.out.printf("RESULT %s cold_ms=%.0f warm_ms=%.0f%n", q[0].replace(' ', '_'), cold,
                    warm[WARM_RUNS / 2]);
        }
    }

    static long last;

    static double time(HttpClient client, String url, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(60)).GET().build();
        long start = System.nanoTime();
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        double ms = (System.nanoTime() - start) / 1e6;
        if (response.statusCode() != 200) {
            // Reported, not thrown: a 503 at the statement timeout is a figure too.
            System.out.printf("  %s answered %d after %.0f ms: %s%n", url, response.statusCode(), ms,
                    new String(response.body()));
        }
        last = response.body().length;
        return ms;
    }
}
