package io.kfpoperator.providerservice.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Resource ids arrive URL-path-escaped (ids may contain '/'); this undoes it. '+' stays '+' in a path. */
final class PathIds {

    private PathIds() {
    }

    static String decode(String raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new BadRequestException(400, "resource id '" + raw + "' has a truncated %-escape");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new BadRequestException(400, "resource id '" + raw + "' has an invalid %-escape");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
