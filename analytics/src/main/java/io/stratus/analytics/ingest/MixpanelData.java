package io.stratus.analytics.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Decodes the Mixpanel {@code data} parameter exactly as spec §3 says: the query or form body is split by hand
 * (framework form parsing caps fields at 2 KiB), percent escapes become bytes, {@code +} a space; then the value
 * is JSON when it starts with {@code {} or {@code [}, else base64 in either alphabet, padding optional.
 */
final class MixpanelData {
    private MixpanelData() {
    }

    /** Thrown for a {@code data} value that is neither JSON nor valid base64. */
    static final class MalformedData extends Exception {
        MalformedData(String message) {
            super(message, null, false, false);
        }
    }

    /** Splits {@code a=1&b=2} into byte values; a repeated name keeps its first value. */
    static Map<String, byte[]> parseParams(byte[] raw, int offset, int length, Map<String, byte[]> into) {
        int end = offset + length;
        int start = offset;
        while (start <= end) {
            int amp = indexOf(raw, (byte) '&', start, end);
            int pairEnd = amp < 0 ? end : amp;
            if (pairEnd > start) {
                int eq = indexOf(raw, (byte) '=', start, pairEnd);
                String name;
                byte[] value;
                if (eq < 0) {
                    name = new String(percentDecode(raw, start, pairEnd), StandardCharsets.UTF_8);
                    value = new byte[0];
                } else {
                    name = new String(percentDecode(raw, start, eq), StandardCharsets.UTF_8);
                    value = percentDecode(raw, eq + 1, pairEnd);
                }
                into.putIfAbsent(name, value);
            }
            start = pairEnd + 1;
        }
        return into;
    }

    static Map<String, byte[]> parseQuery(String rawQuery) {
        Map<String, byte[]> params = new HashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            byte[] bytes = rawQuery.getBytes(StandardCharsets.ISO_8859_1);
            parseParams(bytes, 0, bytes.length, params);
        }
        return params;
    }

    private static int indexOf(byte[] raw, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (raw[i] == b) {
                return i;
            }
        }
        return -1;
    }

    static byte[] percentDecode(byte[] raw, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = raw[i];
            if (b == '+') {
                out.write(' ');
            } else if (b == '%' && i + 2 < to && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
                out.write(hex(raw[i + 1]) << 4 | hex(raw[i + 2]));
                i += 2;
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    /** The JSON bytes a {@code data} value stands for. */
    static byte[] decodeData(byte[] data) throws MalformedData {
        int first = 0;
        while (first < data.length && isBlank(data[first])) {
            first++;
        }
        if (first == data.length) {
            throw new MalformedData("data is empty");
        }
        if (data[first] == '{' || data[first] == '[') {
            return data;
        }
        byte[] cleaned = new byte[data.length];
        int n = 0;
        for (int i = first; i < data.length; i++) {
            byte b = data[i];
            switch (b) {
                case '\r', '\n' -> {
                }
                // The Node client posts its base64 unescaped, so form decoding turned each '+' into a space.
                case ' ' -> cleaned[n++] = '+';
                case '-' -> cleaned[n++] = '+';
                case '_' -> cleaned[n++] = '/';
                default -> cleaned[n++] = b;
            }
        }
        while (n > 0 && cleaned[n - 1] == '=') {
            n--;
        }
        if (n % 4 == 1) {
            throw new MalformedData("data is not valid base64");
        }
        try {
            byte[] trimmed = new byte[n];
            System.arraycopy(cleaned, 0, trimmed, 0, n);
            return Base64.getDecoder().decode(pad(trimmed));
        } catch (IllegalArgumentException e) {
            throw new MalformedData("data is not valid base64");
        }
    }

    private static byte[] pad(byte[] unpadded) {
        int missing = (4 - unpadded.length % 4) % 4;
        if (missing == 0) {
            return unpadded;
        }
        byte[] padded = new byte[unpadded.length + missing];
        System.arraycopy(unpadded, 0, padded, 0, unpadded.length);
        for (int i = unpadded.length; i < padded.length; i++) {
            padded[i] = '=';
        }
        return padded;
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}
