package io.dubboai.core.secret;

import java.util.Locale;

/**
 * Masks the credentials that registry, config-center and storage addresses may carry, before such an address reaches
 * a log line, an exception message or an API answer.
 *
 * <p>Two forms are masked, wherever they occur in the text (an address on its own, or a message that quotes one):
 *
 * <ul>
 *   <li>the user information of a URL, {@code scheme://user:password@host}: the password becomes {@value #MASK}
 *       ({@code nacos://nacos:***@host:8848}); user information without a colon is masked whole, since it is then
 *       usually a token ({@code http://***@host});
 *   <li>the value of a query parameter whose name says it holds a secret ({@code ?password=}, {@code &secretKey=},
 *       {@code accessKey}, {@code token}, {@code credential}, {@code apiKey}, {@code privateKey}, {@code signature},
 *       in any case and with {@code _}, {@code -} or {@code .} between the words): the value becomes {@value #MASK}.
 * </ul>
 *
 * User names ({@code ?username=}), hosts, ports and paths are kept, so the masked address still tells an operator
 * where the application connects. The scan is a single left-to-right pass (linear in the text's length) and never
 * throws; a text without credentials is returned as it is.
 */
public final class Secrets {

    /** What a secret is replaced with. */
    public static final String MASK = "***";

    /** Parameter-name fragments (lower case, without separators) that mark a value as secret. */
    private static final String[] SECRET_NAME_PARTS = {
        "pass", "pwd", "secret", "token", "credential", "accesskey", "apikey", "privatekey", "signature"
    };

    private Secrets() {}

    /**
     * {@code text} with the credentials of every address in it masked.
     *
     * @param text an address such as {@code nacos://user:pass@host:8848?namespace=x}, or a message quoting addresses
     * @return the text with passwords, tokens and secret parameters replaced by {@value #MASK}
     */
    public static String maskAddress(String text) {
        StringBuilder out = null;
        int copied = 0;
        int length = text.length();
        int i = 0;
        while (i < length) {
            char c = text.charAt(i);
            if (c == ':' && text.startsWith("//", i + 1)) {
                int start = i + 3;
                int at = userInfoEnd(text, start);
                if (at > start) {
                    out = out == null ? new StringBuilder(length) : out;
                    out.append(text, copied, start).append(maskedUserInfo(text.substring(start, at)));
                    copied = at;
                    i = at;
                    continue;
                }
                i = start;
                continue;
            }
            if (c == '?' || c == '&') {
                int nameEnd = i + 1;
                while (nameEnd < length && isNameChar(text.charAt(nameEnd))) {
                    nameEnd++;
                }
                if (nameEnd > i + 1
                        && nameEnd < length
                        && text.charAt(nameEnd) == '='
                        && isSecretName(text.substring(i + 1, nameEnd))) {
                    int valueStart = nameEnd + 1;
                    int valueEnd = valueStart;
                    while (valueEnd < length && !endsValue(text.charAt(valueEnd))) {
                        valueEnd++;
                    }
                    if (valueEnd > valueStart) {
                        out = out == null ? new StringBuilder(length) : out;
                        out.append(text, copied, valueStart).append(MASK);
                        copied = valueEnd;
                    }
                    i = valueEnd;
                    continue;
                }
                i = nameEnd;
                continue;
            }
            i++;
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, length).toString();
    }

    /**
     * Where the user information that starts at {@code start} ends (the index of its {@code @}), or {@code start} if
     * there is none: the last {@code @} before the query, the fragment, the end of the address (whitespace or a
     * quote) or the next address, so that a password holding {@code @} or {@code /} is still masked whole.
     */
    private static int userInfoEnd(String text, int start) {
        int at = start;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '@') {
                at = i;
            } else if (c == '?' || c == '#' || endsAddress(c) || c == ':' && text.startsWith("//", i + 1)) {
                break; // the next address in a list masks its own
            }
        }
        return at;
    }

    private static String maskedUserInfo(String userInfo) {
        int colon = userInfo.indexOf(':');
        return colon < 0 ? MASK : userInfo.substring(0, colon + 1) + MASK;
    }

    private static boolean isSecretName(String name) {
        StringBuilder folded = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != '_' && c != '-' && c != '.') {
                folded.append(c);
            }
        }
        String key = folded.toString().toLowerCase(Locale.ROOT);
        for (String part : SECRET_NAME_PARTS) {
            if (key.contains(part)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.';
    }

    /** A parameter value runs to the next parameter, the fragment, or the end of the address. */
    private static boolean endsValue(char c) {
        return c == '&' || c == '#' || endsAddress(c);
    }

    /** Characters that end an address quoted in a message. */
    private static boolean endsAddress(char c) {
        return Character.isWhitespace(c) || c == '\'' || c == '"' || c == '<' || c == '>' || c == '`';
    }
}
