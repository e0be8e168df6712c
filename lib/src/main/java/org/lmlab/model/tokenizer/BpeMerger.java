package org.lmlab.model.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Byte-pair merging of one pre-tokenized word, as llama.cpp's BPE session does it: start from
 * one symbol per character, repeatedly merge the adjacent pair with the lowest merge rank (the
 * leftmost on ties), skipping queued pairs that earlier merges made stale.
 */
final class BpeMerger {

    private final Map<String, Integer> ranks;

    /** @param merges merge rules in priority order, each "left right" */
    BpeMerger(List<?> merges) {
        ranks = new HashMap<>(merges.size() * 2);
        for (int i = 0; i < merges.size(); i++) {
            ranks.putIfAbsent(String.valueOf(merges.get(i)), i);
        }
    }

    private record Bigram(int rank, int left, String text) {
    }

    /** The word's final symbols, left to right. */
    List<String> merge(String word) {
        // one symbol per code point: [start, end) into word, a linked list through prev/next
        int count = word.codePointCount(0, word.length());
        int[] prev = new int[count];
        int[] next = new int[count];
        int[] start = new int[count];
        int[] end = new int[count];
        for (int i = 0, at = 0; i < count; i++) {
            start[i] = at;
            at += Character.charCount(word.codePointAt(at));
            end[i] = at;
            prev[i] = i - 1;
            next[i] = i + 1 < count ? i + 1 : -1;
        }
        PriorityQueue<Bigram> queue = new PriorityQueue<>((a, b) ->
                a.rank != b.rank ? Integer.compare(a.rank, b.rank) : Integer.compare(a.left, b.left));
        for (int i = 1; i < count; i++) {
            offer(queue, word, start, end, i - 1, i);
        }
        while (!queue.isEmpty()) {
            Bigram bigram = queue.poll();
            int left = bigram.left;
            int right = next[left];
            if (start[left] == end[left] || right < 0 || start[right] == end[right]
                    || !word.substring(start[left], end[right]).equals(bigram.text)
                    || end[left] != start[right]) {
                continue; // stale: one side has changed since it was queued
            }
            end[left] = end[right];
            start[right] = end[right]; // empty
            next[left] = next[right];
            if (next[right] >= 0) {
                prev[next[right]] = left;
            }
            if (prev[left] >= 0) {
                offer(queue, word, start, end, prev[left], left);
            }
            if (next[left] >= 0) {
                offer(queue, word, start, end, left, next[left]);
            }
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i >= 0 && count > 0; i = next[i]) {
            out.add(word.substring(start[i], end[i]));
        }
        return out;
    }

    private void offer(PriorityQueue<Bigram> queue, String word, int[] start, int[] end, int left, int right) {
        Integer rank = ranks.get(word.substring(start[left], end[left]) + " " + word.substring(start[right], end[right]));
        if (rank != null) {
            queue.add(new Bigram(rank, left, word.substring(start[left], end[right])));
        }
    }
}
