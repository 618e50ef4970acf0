package io.stratus.dashboard.app;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.stratus.dashboard.TestApi;
import io.stratus.dashboard.TestApi.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Concurrent writers of one app lose no update and leave release versions gapless. */
@QuarkusTest
class ConcurrencyTest {
    static final int WRITERS = 16;

    static void inParallel(Runnable... tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Runnable task : tasks) {
                futures.add(pool.submit(task));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void relativeScalesFromManyWritersAllCount() throws Exception {
        User owner = TestApi.user();
        String app = TestApi.app(owner);
        inParallel(IntStream.range(0, WRITERS).<Runnable>mapToObj(i -> () ->
                owner.json(Map.of("quantity", "+1")).patch("/apps/{app}/formation/web", app).then().statusCode(200))
                .toArray(Runnable[]::new));
        owner.req().get("/apps/{app}/formation/web", app).then().body("quantity", equalTo(WRITERS));
    }

    @Test
    void concurrentConfigPatchesKeepEveryKeyAndGaplessVersions() throws Exception {
        User owner = TestApi.user();
        String app = TestApi.app(owner);
        inParallel(IntStream.range(0, WRITERS).<Runnable>mapToObj(i -> () ->
                owner.json(Map.of("K" + i, "v" + i)).patch("/apps/{app}/config-vars", app).then().statusCode(200))
                .toArray(Runnable[]::new));
        Map<String, String> config = owner.req().get("/apps/{app}/config-vars", app).then().extract().as(Map.class);
        assertEquals(WRITERS, config.size());
        List<Integer> versions = owner.req().get("/apps/{app}/releases", app).then().extract().path("version");
        assertEquals(IntStream.rangeClosed(1, WRITERS + 1).boxed().toList(), versions);
    }

    @Test
    void scalingAndConfigRacingOnOneAppBothLand() throws Exception {
        User owner = TestApi.user();
        String app = TestApi.app(owner);
        List<Runnable> tasks = new ArrayList<>();
        for (int i = 0; i < WRITERS / 2; i++) {
            int n = i;
            tasks.add(() -> owner.json(Map.of("updates", List.of(Map.of("type", "web", "quantity", "+1"))))
                    .patch("/apps/{app}/formation", app).then().statusCode(200));
            tasks.add(() -> owner.json(Map.of("X" + n, "1")).patch("/apps/{app}/config-vars", app).then()
                    .statusCode(200));
        }
        inParallel(tasks.toArray(Runnable[]::new));
        owner.req().get("/apps/{app}/formation/web", app).then().body("quantity", equalTo(WRITERS / 2));
        owner.req().get("/apps/{app}/releases", app).then().body("size()", equalTo(WRITERS / 2 + 1));
    }
}
