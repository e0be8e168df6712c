package org.lmlab.lengths.alpacaeval;

/**
 * One AlpacaEval model output's length ({@code datasets/alpaca_eval/output_lengths.jsonl}).
 *
 * @param model the {@code results/<model>/} directory name
 * @param instructionIndex 0-based position in the 805-instruction evaluation set
 * @param dataset AlpacaEval sub-source (helpful_base, koala, oasst, selfinstruct, vicuna)
 * @param outputChars Python {@code len(output)}: Unicode code points, the unit of AlpacaEval's {@code avg_length}
 * @param outputUtf16Units UTF-16 code units (Java {@code String.length()})
 * @param source {@code file:line}
 */
public record OutputLength(
        String model, int instructionIndex, String dataset, int outputChars, int outputUtf16Units, String source) {
}
