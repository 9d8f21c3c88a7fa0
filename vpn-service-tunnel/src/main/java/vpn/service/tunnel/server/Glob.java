package vpn.service.tunnel.server;

/** {@code *} as any run of characters, dots included; the rest compared as ASCII without case. */
final class Glob {

    private Glob() {
    }

    /** Linear backtracking to the last star: at most pattern × text steps, both at most 255 characters. */
    static boolean matches(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (p < pattern.length() && same(pattern.charAt(p), text.charAt(t))) {
                p++;
                t++;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    private static boolean same(char a, char b) {
        return a == b || (a < 128 && b < 128 && Character.toLowerCase(a) == Character.toLowerCase(b));
    }
}
