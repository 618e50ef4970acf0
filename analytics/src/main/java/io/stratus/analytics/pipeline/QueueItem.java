package io.stratus.analytics.pipeline;

/** What the writer stores: an event row or a profile update, in the order they were accepted. */
public sealed interface QueueItem permits EventRow, ProfileUpdate {
    /** Approximate heap and wire size, for the queue's byte bound. */
    int bytes();
}
