namespace OneBatch.Kernels;

/// <summary>
/// The activations a fused recurrent op applies inside its loop (the cell's <c>activation</c> and
/// <c>recurrent_activation</c>). Each has a derivative that its output alone determines, so the ops keep outputs only.
/// </summary>
public enum GateActivation
{
    /// <summary>a = z.</summary>
    Linear,

    /// <summary>a = 1 / (1 + e^-z).</summary>
    Sigmoid,

    /// <summary>a = tanh z.</summary>
    Tanh,

    /// <summary>Keras 3's <c>hard_sigmoid</c>: a = relu6(z + 3) / 6 = clip(z / 6 + 0.5, 0, 1).</summary>
    HardSigmoid,

    /// <summary>Keras 1's and 2's and TensorFlow.js's <c>hard_sigmoid</c>: a = clip(0.2 z + 0.5, 0, 1).</summary>
    HardSigmoidKeras2,

    /// <summary>a = max(z, 0).</summary>
    Relu,
}
