package org.lmlab.model.tokenizer;

import java.util.Map;
import java.util.OptionalInt;

/** What both tokenizers answer from their vocabulary alone: size, BOS/EOS, special tokens by text. */
abstract class VocabularyFacts implements TextTokenizer {

    private final int vocabSize;
    private final OptionalInt bos;
    private final OptionalInt eos;
    private final Map<String, Integer> specials;

    VocabularyFacts(int vocabSize, OptionalInt bos, OptionalInt eos, Map<String, Integer> specials) {
        this.vocabSize = vocabSize;
        this.bos = bos;
        this.eos = eos;
        this.specials = Map.copyOf(specials);
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public OptionalInt bos() {
        return bos;
    }

    @Override
    public OptionalInt eos() {
        return eos;
    }

    @Override
    public OptionalInt special(String literal) {
        Integer id = specials.get(literal);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** Special tokens' texts to ids. */
    Map<String, Integer> specials() {
        return specials;
    }
}
