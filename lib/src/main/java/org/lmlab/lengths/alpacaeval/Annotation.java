package org.lmlab.lengths.alpacaeval;

/**
 * One AlpacaEval judge annotation ({@code datasets/alpaca_eval/annotations.jsonl}): the baseline's output
 * ({@code output_1}) against a model's ({@code output_2}) on one instruction.
 *
 * @param model the compared model ({@code generator_2})
 * @param instructionIndex 0-based position in the 805-instruction evaluation set
 * @param dataset AlpacaEval sub-source
 * @param preference the judge's weighted preference in [1, 2]: 1 = baseline wins, 2 = model wins, 1.5 = draw
 * @param outputChars {@code len(output_2)} in Unicode code points
 * @param baselineChars {@code len(output_1)} in Unicode code points
 * @param source {@code file:line}
 */
public record Annotation(String model, int instructionIndex, String dataset, double preference, int outputChars,
        int baselineChars, String source) {
}
