package org.lmlab.training.tasks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A SCAN-like command-to-action task (after Lake and Baroni 2018), generated here from its grammar:
 * {@code jump twice and walk left} gives {@code I_JUMP I_JUMP I_TURN_LEFT I_WALK}.
 *
 * <pre>
 * command   = clause { ("and" | "after") clause }
 * clause    = action [ "twice" | "thrice" ]
 * action    = verb | verb direction | "turn" direction
 * direction = side | "opposite" side | "around" side
 * verb      = "walk" | "run" | "jump" | "look"          side = "left" | "right"
 * </pre>
 *
 * Meaning, as in SCAN: {@code verb} is its action ({@code I_WALK}, ...); {@code verb left} turns
 * then acts ({@code I_TURN_LEFT I_WALK}); {@code opposite} turns twice first; {@code around} does
 * turn-and-act four times; {@code turn} alone adds no act ({@code turn around left} is four left
 * turns); {@code twice}/{@code thrice} repeat the clause; {@code x and y} is x then y,
 * {@code x after y} is y then x. SCAN joins at most two clauses; here any number may be chained,
 * read left to right ({@code a and b after c} = {@code (a and b) after c} = c a b), so commands
 * grow without bound for length generalisation.
 *
 * <p>The size parameter is the number of command words, and an example of size n is drawn
 * uniformly from all commands of exactly n words. (The paper's SCAN split, on the original data,
 * groups by the number of output actions instead: at most 25 for training, 26..48 for test.)
 */
public final class ScanTask implements SyntheticTask {

    private static final List<String> WORDS = List.of("walk", "run", "jump", "look", "turn", "left", "right",
            "opposite", "around", "twice", "thrice", "and", "after");
    private static final List<String> ACTIONS = List.of("I_WALK", "I_RUN", "I_JUMP", "I_LOOK", "I_TURN_LEFT",
            "I_TURN_RIGHT");
    private static final int FIRST = Vocabulary.firstSymbolId();
    private static final int TURN = FIRST + 4;
    private static final int LEFT = FIRST + 5;
    private static final int RIGHT = FIRST + 6;
    private static final int OPPOSITE = FIRST + 7;
    private static final int AROUND = FIRST + 8;
    private static final int TWICE = FIRST + 9;
    private static final int THRICE = FIRST + 10;
    private static final int AND = FIRST + 11;
    private static final int AFTER = FIRST + 12;
    private static final int FIRST_ACTION = FIRST + WORDS.size();
    private static final int TURN_LEFT = FIRST_ACTION + 4;
    private static final int TURN_RIGHT = FIRST_ACTION + 5;
    /** Longest clause, in words: verb, "around", side, "thrice". */
    private static final int MAX_CLAUSE_WORDS = 4;

    private final Vocabulary vocabulary;
    /** Every clause, grouped by its number of words (index 1..4). */
    private final List<List<int[]>> clausesBySize = new ArrayList<>();
    /** The most actions a clause of each size produces. */
    private final int[] maxClauseActions = new int[MAX_CLAUSE_WORDS + 1];

    public ScanTask() {
        List<String> symbols = new ArrayList<>(WORDS);
        symbols.addAll(ACTIONS);
        vocabulary = Vocabulary.of(symbols);
        for (int w = 0; w <= MAX_CLAUSE_WORDS; w++) {
            clausesBySize.add(new ArrayList<>());
        }
        for (int[] clause : allClauses()) {
            clausesBySize.get(clause.length).add(clause);
            maxClauseActions[clause.length] = Math.max(maxClauseActions[clause.length], clauseActions(clause).length);
        }
    }

    private static List<int[]> allClauses() {
        List<int[]> actions = new ArrayList<>();
        int[] sides = {LEFT, RIGHT};
        for (int verb = FIRST; verb <= TURN; verb++) {
            if (verb != TURN) {
                actions.add(new int[] {verb});
            }
            for (int side : sides) {
                actions.add(new int[] {verb, side});
                actions.add(new int[] {verb, OPPOSITE, side});
                actions.add(new int[] {verb, AROUND, side});
            }
        }
        List<int[]> clauses = new ArrayList<>();
        for (int[] action : actions) {
            clauses.add(action);
            for (int repeat : new int[] {TWICE, THRICE}) {
                int[] clause = Arrays.copyOf(action, action.length + 1);
                clause[action.length] = repeat;
                clauses.add(clause);
            }
        }
        return clauses;
    }

    @Override
    public String name() {
        return "scan";
    }

    @Override
    public String description() {
        return "length = command words; input a SCAN-like command (\"jump twice and walk left\"), answer its actions";
    }

    @Override
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** commands[n]: the number of commands of exactly n words, for n = 0..length (commands[0] = 0). */
    private double[] commandCounts(int length) {
        double[] commands = new double[length + 1];
        for (int n = 1; n <= length; n++) {
            double count = n <= MAX_CLAUSE_WORDS ? clausesBySize.get(n).size() : 0;
            for (int w = 1; w <= MAX_CLAUSE_WORDS && n - w - 1 >= 1; w++) {
                count += clausesBySize.get(w).size() * 2.0 * commands[n - w - 1];
            }
            commands[n] = count;
        }
        return commands;
    }

    @Override
    public double inputCount(int length) {
        SyntheticTask.requireLength(name(), length);
        return commandCounts(length)[length];
    }

    @Override
    public int[] sampleInput(int length, SplittableRandom random) {
        SyntheticTask.requireLength(name(), length);
        double[] commands = commandCounts(length);
        if (Double.isInfinite(commands[length])) {
            throw new IllegalArgumentException("scan: " + length + " words is too long to draw uniformly; use at most a few hundred");
        }
        int[] out = new int[length];
        int at = 0;
        int left = length;
        while (left > 0) {
            // Choose the next clause's size w (and whether a conjunction follows) in proportion to the
            // number of commands that continue that way, which makes the whole command uniform.
            double pick = random.nextDouble() * commands[left];
            int size = 0;
            boolean last = false;
            for (int w = 1; w <= MAX_CLAUSE_WORDS && pick >= 0; w++) {
                double alone = w == left ? clausesBySize.get(w).size() : 0;
                double followed = left - w - 1 >= 1 ? clausesBySize.get(w).size() * 2.0 * commands[left - w - 1] : 0;
                // Each viable option is remembered as pick passes it: should rounding leave pick at or
                // above the total, the last viable option is taken.
                if (alone > 0) {
                    size = w;
                    last = true;
                }
                if (followed > 0 && pick >= alone) {
                    size = w;
                    last = false;
                }
                pick -= alone + followed;
            }
            List<int[]> choices = clausesBySize.get(size);
            int[] clause = choices.get(random.nextInt(choices.size()));
            System.arraycopy(clause, 0, out, at, size);
            at += size;
            left -= size;
            if (!last) {
                out[at++] = random.nextBoolean() ? AND : AFTER;
                left--;
            }
        }
        return out;
    }

    @Override
    public int[] answer(int[] input) {
        int start = 0;
        int[] result = null;
        int joiner = 0;
        for (int i = 0; i <= input.length; i++) {
            if (i < input.length && input[i] != AND && input[i] != AFTER) {
                continue;
            }
            int[] clause = clauseActions(Arrays.copyOfRange(input, start, i));
            result = result == null ? clause : joiner == AND ? concat(result, clause) : concat(clause, result);
            if (i < input.length) {
                joiner = input[i];
            }
            start = i + 1;
        }
        return result;
    }

    /** The actions of one clause; refuses anything the grammar does not produce. */
    private int[] clauseActions(int[] words) {
        int n = words.length;
        int times = 1;
        if (n > 0 && (words[n - 1] == TWICE || words[n - 1] == THRICE)) {
            times = words[n - 1] == TWICE ? 2 : 3;
            n--;
        }
        if (n < 1 || n > 3 || words[0] < FIRST || words[0] > TURN) {
            throw malformed(words);
        }
        int verb = words[0];
        int[] act = verb == TURN ? new int[0] : new int[] {FIRST_ACTION + (verb - FIRST)};
        int[] once;
        if (n == 1) {
            if (verb == TURN) {
                throw malformed(words);
            }
            once = act;
        } else {
            int side = words[n - 1];
            if (side != LEFT && side != RIGHT || n == 3 && words[1] != OPPOSITE && words[1] != AROUND) {
                throw malformed(words);
            }
            int[] turn = {side == LEFT ? TURN_LEFT : TURN_RIGHT};
            if (n == 2) {
                once = concat(turn, act);
            } else if (words[1] == OPPOSITE) {
                once = concat(concat(turn, turn), act);
            } else {
                once = repeat(concat(turn, act), 4);
            }
        }
        return repeat(once, times);
    }

    private IllegalArgumentException malformed(int[] words) {
        return new IllegalArgumentException("scan: '" + vocabulary.render(words) + "' is not a clause of the grammar");
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int[] repeat(int[] a, int times) {
        int[] out = new int[a.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(a, 0, out, i * a.length, a.length);
        }
        return out;
    }

    /** The most actions a command of exactly {@code length} words can produce. */
    public int maxActions(int length) {
        SyntheticTask.requireLength(name(), length);
        int[] most = new int[length + 1];
        for (int n = 1; n <= length; n++) {
            int best = n <= MAX_CLAUSE_WORDS ? maxClauseActions[n] : 0;
            for (int w = 1; w <= MAX_CLAUSE_WORDS && n - w - 1 >= 1; w++) {
                best = Math.max(best, maxClauseActions[w] + most[n - w - 1]);
            }
            most[n] = best;
        }
        return most[length];
    }

    @Override
    public int maxSequenceLength(int length) {
        return length + 1 + maxActions(length) + 1;
    }
}
