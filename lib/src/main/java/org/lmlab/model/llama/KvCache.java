package org.lmlab.model.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Keys and values of the positions already processed, per layer, so that decoding one more
 * token costs one position's work. Storage is preallocated ({@code [kvHeads, capacity, headDim]}
 * per layer and tensor) and written in place; it doubles when a longer sequence arrives. Owns its
 * native memory: close it when done.
 */
public final class KvCache implements AutoCloseable {

  private final NDManager manager;
  private final int layers;
  private final int kvHeads;
  private final int headDim;
  private NDArray[] keys;
  private NDArray[] values;
  private int capacity;
  private int length;

  KvCache(NDManager parent, int layers, int kvHeads, int headDim, int capacity) {
    this.manager = parent.newSubManager();
    this.layers = layers;
    this.kvHeads = kvHeads;
    this.headDim = headDim;
    allocate(Math.max(1, capacity));
  }

  /** Positions stored. */
  public int length() {
    return length;
  }

  public int capacity() {
    return capacity;
  }

  /** Forgets positions from {@code newLength} on (the storage is kept). */
  public void truncate(int newLength) {
    if (newLength < 0 || newLength > length) {
      throw new IllegalArgumentException("cannot truncate a cache of " + length + " positions to " + newLength);
    }
    length = newLength;
  }

  /** Makes room for {@code extra} more positions, growing the storage if needed. */
  void reserve(int extra) {
    int needed = length + extra;
    if (needed <= capacity) {
      return;
    }
    NDArray[] oldKeys = keys;
    NDArray[] oldValues = values;
    allocate(Math.max(needed, 2 * capacity));
    for (int l = 0; l < layers; l++) {
      if (length > 0) {
        NDIndex filled = new NDIndex(":, :{}, :", length);
        keys[l].set(filled, oldKeys[l].get(filled));
        values[l].set(filled, oldValues[l].get(filled));
      }
      oldKeys[l].close();
      oldValues[l].close();
    }
  }

  /**
   * Writes one layer's new keys and values ({@code [kvHeads, n, headDim]}) after the stored
   * positions and returns all keys and values so far; {@link #advance} commits the length once
   * every layer has written.
   */
  NDArray[] write(int layer, NDArray k, NDArray v) {
    int n = Math.toIntExact(k.getShape().get(1));
    NDIndex slot = new NDIndex(":, {}:{}, :", length, length + n);
    keys[layer].set(slot, k);
    values[layer].set(slot, v);
    NDIndex filled = new NDIndex(":, :{}, :", length + n);
    return new NDArray[] {keys[layer].get(filled), values[layer].get(filled)};
  }

  void advance(int n) {
    length += n;
  }

  private void allocate(int newCapacity) {
    Shape shape = new Shape(kvHeads, newCapacity, headDim);
    keys = new NDArray[layers];
    values = new NDArray[layers];
    for (int l = 0; l < layers; l++) {
      keys[l] = manager.zeros(shape, DataType.FLOAT32);
      values[l] = manager.zeros(shape, DataType.FLOAT32);
      // the cache outlives the forward pass that may have grown it
      NDScope.unregister(keys[l], values[l]);
    }
    capacity = newCapacity;
  }

  @Override
  public void close() {
    manager.close();
  }
}
