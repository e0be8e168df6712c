package org.lmlab.model.extrapolation.passkey;

/**
 * A model's answer to a passkey prompt.
 *
 * @param prompt    the prompt answered
 * @param text      the greedy continuation (stop token excluded)
 * @param number    the first run of digits in {@code text}, or "" when it has none
 * @param correct   whether {@code number} equals the key exactly
 * @param generated tokens generated (a stop token counted)
 * @param seconds   wall time of prefill and generation
 */
public record PasskeyAnswer(PasskeyPrompt prompt, String text, String number, boolean correct, int generated,
                            double seconds) {

    /**
     * The first maximal run of ASCII digits in {@code text} ("" when there is none), as YaRN's and
     * LM-Infinite's {@code re.search(r'\d+', …)} take it: "52814." gives 52814, "528145" gives
     * 528145 (wrong for key 52814), "5 2 8 1 4" gives 5.
     */
    public static String firstNumber(String text) {
        int start = -1;
        for (int i = 0; i < text.length(); i++) {
            boolean digit = text.charAt(i) >= '0' && text.charAt(i) <= '9';
            if (digit && start < 0) {
                start = i;
            } else if (!digit && start >= 0) {
                return text.substring(start, i);
            }
        }
        return start < 0 ? "" : text.substring(start);
    }

    /** Scores {@code text} against the prompt's key: exact match of its first number. */
    static PasskeyAnswer score(PasskeyPrompt prompt, String text, int generated, double seconds) {
        String number = firstNumber(text);
        return new PasskeyAnswer(prompt, text, number, number.equals(prompt.key()), generated, seconds);
    }
}
