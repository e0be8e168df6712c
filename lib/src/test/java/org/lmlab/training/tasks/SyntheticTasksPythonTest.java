package org.lmlab.training.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lmlab.reference.PythonReference;

/**
 * Every task's answers against an independent Python solution of the same input (list copy,
 * {@code [::-1]}, {@code sorted}, {@code sum % 2}, {@code len}, Python's big-integer {@code +},
 * and a SCAN interpreter written separately from the Java one), for about 3,000 seeded examples
 * per task, drawn both from test sets (sizes 1..30) and from a training stream (sizes 1..10).
 * The Python side also checks each example's size parameter, counts the SCAN-like commands and
 * their longest outputs by brute-force enumeration, and runs scipy's chi-square test on the
 * training length distribution and on uniformity of the SCAN and addition samplers.
 */
class SyntheticTasksPythonTest {

    static final String SCRIPT = """
            import json, sys, itertools
            from collections import Counter
            from scipy.stats import chisquare

            data = json.load(open(sys.argv[1]))

            VERB = {"walk": "I_WALK", "run": "I_RUN", "jump": "I_JUMP", "look": "I_LOOK"}
            SIDE = {"left": "I_TURN_LEFT", "right": "I_TURN_RIGHT"}

            def scan_clause(ws):
                times = {"twice": 2, "thrice": 3}.get(ws[-1], 1)
                if times > 1:
                    ws = ws[:-1]
                act = [] if ws[0] == "turn" else [VERB[ws[0]]]
                if len(ws) == 1:
                    assert ws[0] != "turn"
                    once = act
                elif len(ws) == 2:
                    once = [SIDE[ws[1]]] + act
                elif ws[1] == "opposite":
                    once = [SIDE[ws[2]], SIDE[ws[2]]] + act
                else:
                    assert ws[1] == "around" and len(ws) == 3
                    once = ([SIDE[ws[2]]] + act) * 4
                return once * times

            def scan(ws):
                # split at the last conjunction: chains read left to right
                for i in range(len(ws) - 1, -1, -1):
                    if ws[i] in ("and", "after"):
                        left, right = scan(ws[:i]), scan_clause(ws[i + 1:])
                        return left + right if ws[i] == "and" else right + left
                return scan_clause(ws)

            def addition(inp):
                i = inp.index("+")
                a, b = inp[:i], inp[i + 1:]
                for op in (a, b):
                    assert len(op) == 1 or op[0] != "0", "leading zero"
                return list(str(int("".join(a)) + int("".join(b)))), max(len(a), len(b))

            def solve(task, inp):
                if task == "copy":
                    return list(inp), len(inp)
                if task == "reverse":
                    return inp[::-1], len(inp)
                if task == "sort":
                    return sorted(inp, key=int), len(inp)
                if task == "parity":
                    return [str(sum(int(b) for b in inp) % 2)], len(inp)
                if task == "count":
                    assert all(c.isalpha() for c in inp)
                    return list(str(len(inp))), len(inp)
                if task == "addition":
                    return addition(inp)
                if task == "scan":
                    return scan(inp), len(inp)
                raise ValueError(task)

            checked, mismatches = Counter(), []
            for ex in data["examples"]:
                expected, size = solve(ex["task"], ex["input"])
                checked[ex["task"]] += 1
                if expected != ex["target"] or size != ex["length"]:
                    mismatches.append(ex)

            # all SCAN-like commands of up to 7 words, by enumeration
            actions = [[v] for v in VERB]
            for v in list(VERB) + ["turn"]:
                for s in SIDE:
                    actions += [[v, s], [v, "opposite", s], [v, "around", s]]
            clauses = [a + r for a in actions for r in ([], ["twice"], ["thrice"])]
            commands = {}
            for n in range(1, 8):
                out = [c for c in clauses if len(c) == n]
                for c in clauses:
                    if n - len(c) - 1 >= 1:
                        for conj in ("and", "after"):
                            out += [c + [conj] + rest for rest in commands[n - len(c) - 1]]
                commands[n] = out
            scan_counts = [len(commands[n]) for n in range(1, 8)]
            scan_max_actions = [max(len(scan(c)) for c in commands[n]) for n in range(1, 8)]

            # addition inputs at n digits: pairs whose longer operand has n digits
            digits = Counter(len(str(x)) for x in range(10 ** 3))
            below = lambda n: sum(v for k, v in digits.items() if k <= n)
            addition_counts = [below(n) ** 2 - below(n - 1) ** 2 for n in range(1, 4)]

            def chi2_uniform(observed, categories):
                counts = Counter(observed)
                return float(chisquare([counts.get(c, 0) for c in categories]).pvalue)

            drawn3 = [tuple(c) for c in data["scan3"]]
            all3 = [tuple(c) for c in commands[3]]
            print(json.dumps({
                "checked": checked,
                "mismatches": mismatches[:5],
                "mismatchCount": len(mismatches),
                "scanCounts": scan_counts,
                "scanMaxActions": scan_max_actions,
                "additionCounts": addition_counts,
                "scan3Outside": sum(1 for c in drawn3 if c not in set(all3)),
                "scan3P": chi2_uniform(drawn3, all3),
                "trainLengthP": chi2_uniform(data["trainLengths"], list(range(1, 21))),
                "additionPairsP": chi2_uniform([tuple(p) for p in data["additionPairs"]],
                                               [(4, k) for k in range(1, 5)] + [(k, 4) for k in range(1, 4)]),
            }))
            """;

    static JsonObject reference;
    static final Map<String, Integer> GENERATED = new HashMap<>();

    @BeforeAll
    static void runReference() throws Exception {
        List<Map<String, Object>> examples = new ArrayList<>();
        for (String name : SyntheticTasks.names()) {
            SyntheticTask task = SyntheticTasks.create(name);
            List<TaskExample> drawn = new ArrayList<>();
            for (TestSet set : TestSet.suite(task, LengthPlan.of(10, 30), 50, 17)) {
                drawn.addAll(set.examples());
            }
            TrainStream stream = new TrainStream(task, LengthPlan.of(10, 30), 23);
            for (int i = 0; i < 1500; i++) {
                drawn.add(stream.next());
            }
            if (name.equals("count")) { // three-digit answers too
                for (int n = 95; n <= 105; n++) {
                    drawn.addAll(TestSet.draw(task, n, 20, 5).examples());
                }
            }
            for (TaskExample e : drawn) {
                examples.add(Map.of("task", name, "length", e.length(),
                        "input", task.vocabulary().decode(e.input()), "target", task.vocabulary().decode(e.target())));
            }
            GENERATED.put(name, drawn.size());
        }

        ScanTask scan = new ScanTask();
        SplittableRandom random = new SplittableRandom(3);
        List<List<String>> scan3 = new ArrayList<>();
        for (int i = 0; i < 72 * 300; i++) {
            scan3.add(scan.vocabulary().decode(scan.sampleInput(3, random)));
        }
        List<Integer> trainLengths = new ArrayList<>();
        TrainStream copies = new TrainStream(new CopyTask(), LengthPlan.of(20, 40), 9);
        for (int i = 0; i < 20_000; i++) {
            trainLengths.add(copies.next().length());
        }
        AdditionTask addition = new AdditionTask();
        List<List<Integer>> pairs = new ArrayList<>();
        for (int i = 0; i < 7_000; i++) {
            List<String> input = addition.vocabulary().decode(addition.sampleInput(4, random));
            int plus = input.indexOf("+");
            pairs.add(List.of(plus, input.size() - plus - 1));
        }
        reference = PythonReference.runOnJson(SCRIPT, Map.of("examples", examples, "scan3", scan3,
                "trainLengths", trainLengths, "additionPairs", pairs));
    }

    @Test
    void everyAnswerEqualsPythons() {
        JsonObject checked = reference.getAsJsonObject("checked");
        for (String name : SyntheticTasks.names()) {
            assertEquals(GENERATED.get(name), checked.get(name).getAsInt(), name);
            assertTrue(GENERATED.get(name) >= 2500, name + ": " + GENERATED.get(name) + " examples");
        }
        assertEquals(0, reference.get("mismatchCount").getAsInt(), () -> "first mismatches: " + reference.get("mismatches"));
        System.out.println("examples checked against Python, by task: " + checked);
    }

    @Test
    void scanCommandCountsAndLongestOutputsEqualEnumeration() {
        ScanTask scan = new ScanTask();
        JsonArray counts = reference.getAsJsonArray("scanCounts");
        JsonArray longest = reference.getAsJsonArray("scanMaxActions");
        for (int n = 1; n <= 7; n++) {
            assertEquals(counts.get(n - 1).getAsDouble(), scan.inputCount(n), 0.0, "commands of " + n + " words");
            assertEquals(longest.get(n - 1).getAsInt(), scan.maxActions(n), "most actions of " + n + " words");
        }
        System.out.println("SCAN-like commands of 1..7 words: " + counts + ", most actions " + longest);
    }

    @Test
    void additionInputCountsEqualEnumeration() {
        JsonArray counts = reference.getAsJsonArray("additionCounts");
        for (int n = 1; n <= 3; n++) {
            assertEquals(counts.get(n - 1).getAsDouble(), new AdditionTask().inputCount(n), 0.0, n + " digits");
        }
    }

    @Test
    void samplersAreUniformByChiSquare() {
        // Each p-value is from scipy.stats.chisquare; a correct sampler falls below 1e-4 once in 10,000 runs.
        assertEquals(0, reference.get("scan3Outside").getAsInt(), "drawn commands outside the grammar");
        double scan3 = reference.get("scan3P").getAsDouble();
        double lengths = reference.get("trainLengthP").getAsDouble();
        double pairs = reference.get("additionPairsP").getAsDouble();
        System.out.printf("chi-square p: SCAN 3-word commands %.3f, training lengths %.3f, addition digit pairs %.3f%n",
                scan3, lengths, pairs);
        assertTrue(scan3 > 1e-4, "3-word commands are not uniform: p = " + scan3);
        assertTrue(lengths > 1e-4, "training lengths are not uniform on 1..20: p = " + lengths);
        assertTrue(pairs > 1e-4, "addition digit-count pairs are not uniform: p = " + pairs);
    }
}
