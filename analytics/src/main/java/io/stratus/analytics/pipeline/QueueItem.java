package io.stratus.analytics.pipeline;

/** What the writer stores: an event row or a profile update, in the order they were accepted. */
public sealed interface QueueItem permits EventRow, ProfileUpdate {
    /** What every item counts beside its strings: object headers, the UUID and two longs, rounded up. */
    int OVERHEAD_BYTES = 160;

    /** Approximate heap and wire size, for the queue's byte bound. */
    int bytes();
}
