package io.stratus.analytics.query;

import java.util.List;

/** A query answer that also reads as one CSV table, for {@code Accept: text/csv} (see {@link CsvWriter}). */
interface CsvTable {
    List<String> csvHeader();

    List<List<Object>> csvRows();
}
