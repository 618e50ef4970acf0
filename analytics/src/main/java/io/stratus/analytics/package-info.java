/** Stratus Analytics (ingestion, queue, batch writer, queries). Only the {@code api} package is visible to other modules. */
package io.stratus.analytics;
