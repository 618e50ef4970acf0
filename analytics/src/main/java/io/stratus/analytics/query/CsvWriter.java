package io.stratus.analytics.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes query answers as RFC 4180 CSV with a header line: a {@link CsvTable} as it lays itself out, a list of
 * records one row per record (columns named as in JSON), a single record as one row. JSON values (properties) are
 * written as their JSON text; text that a spreadsheet would run as a formula gets a leading apostrophe.
 */
@Provider
@Produces(CsvWriter.TEXT_CSV)
public class CsvWriter implements MessageBodyWriter<Object> {
    public static final String TEXT_CSV = "text/csv";

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return CsvTable.class.isAssignableFrom(type) || List.class.isAssignableFrom(type) || type.isRecord();
    }

    @Override
    public void writeTo(Object entity, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        List<String> header;
        List<List<Object>> rows;
        if (entity instanceof CsvTable table) {
            header = table.csvHeader();
            rows = table.csvRows();
        } else {
            List<?> items = entity instanceof List<?> list ? list : List.of(entity);
            header = new ArrayList<>();
            rows = new ArrayList<>();
            Class<?> itemType = items.isEmpty() ? elementType(genericType) : items.get(0).getClass();
            RecordComponent[] components = itemType == null ? new RecordComponent[0] : itemType.getRecordComponents();
            if (components == null) {
                throw new IllegalStateException("Not a CSV table: " + itemType);
            }
            for (RecordComponent component : components) {
                // A record component's @JsonProperty is copied onto its accessor by the compiler.
                JsonProperty named = component.getAccessor().getAnnotation(JsonProperty.class);
                header.add(named != null && !named.value().isEmpty() ? named.value() : component.getName());
            }
            for (Object item : items) {
                List<Object> row = new ArrayList<>();
                for (RecordComponent component : components) {
                    try {
                        row.add(component.getAccessor().invoke(item));
                    } catch (IllegalAccessException | InvocationTargetException e) {
                        throw new IllegalStateException(e);
                    }
                }
                rows.add(row);
            }
        }
        StringBuilder csv = new StringBuilder();
        line(csv, new ArrayList<>(header));
        for (List<Object> row : rows) {
            line(csv, row);
        }
        out.write(csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The record type of a {@code List<SomeRecord>} entity, so an empty answer still has its header line. */
    private static Class<?> elementType(Type genericType) {
        if (genericType instanceof ParameterizedType p && p.getActualTypeArguments().length == 1
                && p.getActualTypeArguments()[0] instanceof Class<?> c && c.isRecord()) {
            return c;
        }
        return null;
    }

    private static void line(StringBuilder csv, List<Object> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(cell(cells.get(i)));
        }
        csv.append("\r\n");
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        String text;
        if (value instanceof JsonNode node) {
            if (node.isNull() || node.isMissingNode()) {
                return "";
            }
            text = node.isTextual() ? node.textValue() : node.toString();
            if (node.isNumber() || node.isBoolean()) {
                return text;
            }
        } else {
            text = value.toString();
        }
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
                || text.indexOf('\r') >= 0) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
