package org.strokekg.ingest.read;

/** Text clean-up for the xywy crawl: a disease's description from its long {@code desc}. */
final class XywyText {

    private XywyText() {
    }

    /**
     * The first whole sentences of {@code desc} that fit in {@link IngestLimits#XYWY_DESCRIPTION} characters, white space
     * and control characters (the crawl's {@code \r\n\t}) collapsed to single spaces. A first sentence longer than that
     * is cut and ends with "…".
     */
    static String description(String desc) {
        String flat = collapse(desc);
        int max = IngestLimits.XYWY_DESCRIPTION;
        if (flat.length() <= max) {
            return flat;
        }
        int end = 0;
        for (int i = 0; i < flat.length() && i < max; i++) {
            char c = flat.charAt(i);
            boolean stop = c == '。' || c == '！' || c == '？' || c == '!' || c == '?'
                    || c == '.' && i + 1 < flat.length() && flat.charAt(i + 1) == ' ';
            if (stop) {
                end = i + 1;
            }
        }
        if (end > 0) {
            return flat.substring(0, end).strip();
        }
        int cut = max - 1;
        if (Character.isHighSurrogate(flat.charAt(cut - 1))) {
            cut--;
        }
        return flat.substring(0, cut).strip() + "…";
    }

    static String collapse(String s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean space = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c) || c == '\uFEFF') {
                space = out.length() > 0;
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }
}
