package io.stratus.analytics.ingest;

/**
 * Re-encodes CESU-8 surrogates as UTF-8 before Jackson reads the bytes. The browser client writes each emoji
 * surrogate as 3 bytes (spec §3); Jackson up to 2.20 rejoined them, but 2.21 refuses them as "Illegal
 * surrogate character", so a pair becomes its 4-byte UTF-8 form here and a lone surrogate U+FFFD.
 */
final class Cesu8 {
    private Cesu8() {
    }

    static byte[] toUtf8(byte[] in) {
        int first = firstSurrogate(in, 0);
        if (first < 0) {
            return in;
        }
        byte[] out = new byte[in.length];
        System.arraycopy(in, 0, out, 0, first);
        int o = first;
        int i = first;
        while (i < in.length) {
            if (isSurrogateAt(in, i)) {
                int high = surrogate(in, i);
                if (high >= 0xD800 && high <= 0xDBFF && isSurrogateAt(in, i + 3)) {
                    int low = surrogate(in, i + 3);
                    if (low >= 0xDC00) {
                        int cp = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                        out[o++] = (byte) (0xF0 | (cp >> 18));
                        out[o++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                        out[o++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                        out[o++] = (byte) (0x80 | (cp & 0x3F));
                        i += 6;
                        continue;
                    }
                }
                out[o++] = (byte) 0xEF;
                out[o++] = (byte) 0xBF;
                out[o++] = (byte) 0xBD;
                i += 3;
            } else {
                out[o++] = in[i++];
            }
        }
        byte[] result = new byte[o];
        System.arraycopy(out, 0, result, 0, o);
        return result;
    }

    private static int firstSurrogate(byte[] in, int from) {
        for (int i = from; i < in.length; i++) {
            if (in[i] == (byte) 0xED && isSurrogateAt(in, i)) {
                return i;
            }
        }
        return -1;
    }

    /** ED A0..BF xx: the 3-byte form of U+D800..U+DFFF. */
    private static boolean isSurrogateAt(byte[] in, int i) {
        return i + 2 < in.length && in[i] == (byte) 0xED && (in[i + 1] & 0xE0) == 0xA0 && (in[i + 2] & 0xC0) == 0x80;
    }

    private static int surrogate(byte[] in, int i) {
        return ((in[i] & 0x0F) << 12) | ((in[i + 1] & 0x3F) << 6) | (in[i + 2] & 0x3F);
    }
}
