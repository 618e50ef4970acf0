package io.stratus.analytics;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Knobs of ingestion, the batch writer and the queries (spec/analytics.md §4-6); every key works as
 * STRATUS_ANALYTICS_*.
 */
@ConfigMapping(prefix = "stratus.analytics")
public interface AnalyticsConfig {
    /** Rows per INSERT; the writer flushes earlier when the oldest queued row is {@link #flushInterval()} old. */
    @WithDefault("1000")
    int batchSize();

    @WithDefault("PT0.2S")
    Duration flushInterval();

    /**
     * Queue bound in events; a request that does not fit is refused with 503, never waited on. 25,000 events is
     * about half a second of the sustained rate measured in bench/analytics.
     */
    @WithDefault("25000")
    int queueMaxEvents();

    /**
     * Queue bound in bytes of decoded rows: also the most a hard kill can lose (README). 8 MiB keeps app within
     * its 256 MB RSS budget with the production flags and a full queue (bench/analytics).
     */
    @WithDefault("8M")
    MemorySize queueMaxBytes();

    /**
     * Writer threads, each with its own connection and batches. Profile updates still apply in acceptance order.
     */
    @WithDefault("2")
    int writerThreads();

    /**
     * Optional per-project limit in accepted events per second (spec §2 "429 rate_limit"); 0 turns it off. A
     * project may burst to one second's worth; a request over the limit is refused whole with 429 +
     * {@code Retry-After}.
     */
    @WithDefault("0")
    int projectRateLimit();

    /** Days of events kept: older day partitions are dropped hourly (spec §5 retention); 0 keeps everything. */
    @WithDefault("0")
    int retentionDays();

    /** Largest ingestion request body, after gzip too. */
    @WithDefault("10M")
    MemorySize maxRequestBytes();

    @WithDefault("2000")
    int maxEventsPerRequest();

    /** How long SIGTERM waits for the queue to reach the database before counting the rest as dropped. */
    @WithDefault("PT30S")
    Duration drainTimeout();

    /** First wait after a failed write; doubles up to {@link #retryMaxBackoff()}. */
    @WithDefault("PT0.1S")
    Duration retryBackoff();

    @WithDefault("PT5S")
    Duration retryMaxBackoff();

    /** Days of partitions created ahead of today (spec: at least 2). */
    @WithDefault("3")
    int partitionsAhead();

    /** How often the writer records its counters in ingest_runs (the hard-kill loss estimate). */
    @WithDefault("PT5S")
    Duration heartbeatInterval();

    /**
     * Benchmark only: the writer counts batches as written without sending them, to measure the HTTP path alone
     * (bench/analytics). Never set in production: accepted events are discarded.
     */
    @WithDefault("false")
    boolean benchmarkDiscard();

    /** Longest a query statement may run; past it the request answers 503 (spec §6) instead of holding a connection. */
    @WithDefault("PT10S")
    Duration queryStatementTimeout();

    /**
     * PostgreSQL {@code work_mem} of funnel, retention and raw breakdown queries: 64 MB keeps 8-week retention's
     * hash aggregates over 100,000 users in memory (bench/analytics-query); it is a per-node cap, not an allocation.
     */
    @WithDefault("64M")
    MemorySize queryWorkMem();

    /**
     * How often finished UTC days are derived into the breakdown rollups (query.PropertyRollups); 0 turns it off, and
     * breakdowns then read raw events only.
     */
    @WithDefault("PT1M")
    Duration deriveInterval();
}
