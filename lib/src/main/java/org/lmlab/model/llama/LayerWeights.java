package org.lmlab.model.llama;

import ai.djl.ndarray.NDArray;

/**
 * One decoder block's weights on the device. Projections are stored fused and transposed
 * ({@code [in, out]} views) so each is one matmul with the activations as left operand:
 * q|k|v together, gate|up together.
 */
record LayerWeights(
    NDArray inputNorm,
    NDArray qkvT,
    NDArray qkvBias,
    NDArray outT,
    NDArray postNorm,
    NDArray gateUpT,
    NDArray downT) {}
