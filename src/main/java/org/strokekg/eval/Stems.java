package org.strokekg.eval;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stem of an exam question without its options. Asked with its options, a question names every option and the
 * retrieval finds them all, so nothing would tell whether the evidence points at the right one; a patient asks the
 * stem. The public sets write options one a line after the stem ({@code \nA. 脑梗死}, or {@code \n(A). …} after a
 * {@code 选项:} line), and some exam prompts open with an instruction line and {@code 问题:}.
 */
final class Stems {

    /** An option line: A. / A、 / (A). / A) … up to F. */
    private static final Pattern OPTION = Pattern.compile("^\\s*[(（]?([A-F])[)）]?\\s*[.．、:：)]\\s*\\S.*$");
    private static final Pattern OPTIONS_HEADER = Pattern.compile("^\\s*(选项|選項|options?|choices?)\\s*[:：]?\\s*$",
            Pattern.CASE_INSENSITIVE);
    /** "您是一名医生…请从A到E中选择一个正确答案。\n问题: " */
    private static final Pattern INSTRUCTION = Pattern.compile(
            "^[^\\n]*(选择一个正确答案|選擇一個正確答案|choose the correct|select the correct)[^\\n]*\\n\\s*(问题|問題|question)\\s*[:：]\\s*",
            Pattern.CASE_INSENSITIVE);

    private Stems() {
    }

    /**
     * The question without a trailing block of option lines (A, B, C… in order, at least two) and without an exam
     * instruction line; a question with no such block comes back stripped of surrounding space only.
     */
    static String withoutOptions(String question) {
        String q = question.strip();
        Matcher instruction = INSTRUCTION.matcher(q);
        if (instruction.find()) {
            q = q.substring(instruction.end());
        }
        String[] lines = q.split("\n", -1);
        int end = lines.length;
        while (end > 0 && lines[end - 1].isBlank()) {
            end--;
        }
        // walk back over the option lines: they must run A, B, C… to the end
        int start = end;
        while (start > 0) {
            Matcher m = OPTION.matcher(lines[start - 1]);
            if (!m.matches()) {
                break;
            }
            start--;
        }
        // the block begins at the A whose run reaches the end (an option-like line of the stem may precede it)
        while (start < end && !letterRun(lines, start, end)) {
            start++;
        }
        if (start == end) {
            return q;
        }
        while (start > 0 && (lines[start - 1].isBlank() || OPTIONS_HEADER.matcher(lines[start - 1]).matches())) {
            start--;
        }
        if (start == 0) {
            return q; // nothing but options: leave it as asked
        }
        return String.join("\n", java.util.Arrays.copyOfRange(lines, 0, start)).strip();
    }

    private static boolean letterRun(String[] lines, int start, int end) {
        if (end - start < 2) {
            return false;
        }
        for (int i = start; i < end; i++) {
            Matcher m = OPTION.matcher(lines[i]);
            if (!m.matches() || m.group(1).charAt(0) != 'A' + (i - start)) {
                return false;
            }
        }
        return true;
    }
}
