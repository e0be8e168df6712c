package org.lmlab.model.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lmlab.model.Generator;
import org.lmlab.model.SamplingOptions;
import org.lmlab.model.safetensors.SafetensorsTensorSource;

/**
 * Greedy generation of our decoder (on the safetensors conversion of the GGUF) against llama.cpp
 * on the GGUF itself. This is the check that the q/k row un-permutation and the rotate-half RoPE
 * agree with llama.cpp's own layout. llama.cpp multiplies with activations quantised to 8 bits,
 * so near-ties may flip late in a long continuation; the prompts are chosen to have clear leaders.
 */
class LlamaCppAgreementTest {

  static final int NEW_TOKENS = 64;
  /** SmolLM2's end-of-generation ids as llama.cpp lists them: <|endoftext|>, <|im_end|>. */
  static final Set<Integer> END_OF_GENERATION = Set.of(0, 2);
  static LlamaDecoder decoder;
  static LlamaCpp llamaCpp;

  @BeforeAll
  static void load() throws Exception {
    try (SafetensorsTensorSource source = SafetensorsTensorSource.open(SmolLm2Fixture.safetensors())) {
      decoder = LlamaDecoder.load(source, Device.cpu());
    }
    llamaCpp = new LlamaCpp(SmolLm2Fixture.gguf(), 512, 2);
  }

  @AfterAll
  static void close() {
    decoder.close();
    llamaCpp.close();
  }

  /** Characters two strings share from the start. */
  static int commonPrefix(String a, String b) {
    int n = Math.min(a.length(), b.length());
    int i = 0;
    while (i < n && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    return i;
  }

  /** Near-tie allowance: llama.cpp's 8-bit activations move logits by a few hundredths. */
  static final double NEAR_TIE = 0.25;

  /**
   * Our greedy text must equal llama.cpp's, or first differ at a step where our top two tokens
   * are within {@link #NEAR_TIE} logits and llama.cpp took our runner-up.
   */
  void assertSameGreedyText(String prompt) {
    int[] ids = llamaCpp.encode(prompt);
    String reference = llamaCpp.greedy(ids, NEW_TOKENS);
    // llama.cpp stops at an end-of-generation token and prints no text for it
    Generator.Result result = Generator.generate(decoder, ids, NEW_TOKENS, SamplingOptions.greedy(), END_OF_GENERATION, null);
    int[] ours = result.tokens();
    if (result.reason() == Generator.StopReason.STOP_TOKEN) {
      ours = Arrays.copyOf(ours, ours.length - 1);
    }
    String text = llamaCpp.decode(ours);
    System.out.printf("prompt %s: %d of %d characters agree%n  ours:      %s%n  llama.cpp: %s%n",
        prompt.replace("\n", "\\n"), commonPrefix(text, reference), reference.length(),
        text.replace("\n", "\\n"), reference.replace("\n", "\\n"));
    assertTrue(reference.length() > 0, "llama.cpp produced no text");
    if (text.equals(reference)) {
      return;
    }
    int step = 0;
    while (step < ours.length && reference.startsWith(llamaCpp.decode(Arrays.copyOf(ours, step + 1)))) {
      step++;
    }
    int[] context = new int[ids.length + step];
    System.arraycopy(ids, 0, context, 0, ids.length);
    System.arraycopy(ours, 0, context, ids.length, step);
    float[] logits;
    try (KvCache cache = decoder.newCache(context.length)) {
      logits = decoder.nextLogits(context, cache);
    }
    Integer[] order = new Integer[logits.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Float.compare(logits[b], logits[a]));
    double margin = logits[order[0]] - logits[order[1]];
    String prefix = llamaCpp.decode(Arrays.copyOf(ours, step));
    int[] withRunnerUp = Arrays.copyOf(ours, step + 1);
    withRunnerUp[step] = order[1];
    boolean llamaCppTookRunnerUp = reference.startsWith(llamaCpp.decode(withRunnerUp));
    System.out.printf("  first difference at generated token %d: our top-2 logit margin %.4f, llama.cpp took our runner-up: %s%n",
        step, margin, llamaCppTookRunnerUp);
    assertTrue(step >= 16, "greedy texts differ already at token " + step + " after '" + prefix + "'");
    assertTrue(margin < NEAR_TIE && llamaCppTookRunnerUp,
        "greedy texts differ at token " + step + " (after '" + prefix + "') where our margin is " + margin);
  }

  @Test
  void greedyContinuationOfChatPromptMatchesLlamaCpp() {
    assertSameGreedyText("<|im_start|>user\nWhat is the capital of France?<|im_end|>\n<|im_start|>assistant\n");
  }

  @Test
  void greedyAnswerToLongerChatPromptMatchesLlamaCpp() {
    assertSameGreedyText("<|im_start|>user\nWhy is the sky blue?<|im_end|>\n<|im_start|>assistant\n");
  }

  @Test
  void greedyContinuationOfPlainTextMatchesLlamaCpp() {
    assertSameGreedyText("The three primary colours are");
  }
}
