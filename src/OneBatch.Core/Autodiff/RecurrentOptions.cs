using OneBatch.Kernels;

namespace OneBatch.Autodiff;

/// <summary>
/// How a fused recurrent op (<see cref="Ops.Lstm"/>, <see cref="Ops.Gru"/>, <see cref="Ops.SimpleRnn"/>) runs, in
/// Keras's terms. Its output is <c>[batch, rows + states, units]</c>: the outputs of every step
/// (<see cref="ReturnSequences"/>, rows = time steps) or of the last step only (rows = 1), then, with
/// <see cref="ReturnState"/>, the final states (h, and c for an LSTM).
/// </summary>
public readonly record struct RecurrentOptions
{
    public RecurrentOptions()
    {
    }

    /// <summary>The cell's activation (Keras's <c>activation</c>): the candidate state and, in an LSTM, the output of the cell state.</summary>
    public GateActivation Activation { get; init; } = GateActivation.Tanh;

    /// <summary>The gates' activation (Keras's <c>recurrent_activation</c>; unused by SimpleRNN).</summary>
    public GateActivation RecurrentActivation { get; init; } = GateActivation.Sigmoid;

    /// <summary>Process the sequence from its last step to its first; the outputs come in that order, as in Keras.</summary>
    public bool GoBackwards { get; init; }

    /// <summary>Give the output of every step, not only the last.</summary>
    public bool ReturnSequences { get; init; }

    /// <summary>Add the final states after the outputs.</summary>
    public bool ReturnState { get; init; }

    /// <summary>A masked step outputs zeros instead of the previous output (Keras's <c>zero_output_for_mask</c>); its state carries over either way.</summary>
    public bool ZeroOutputForMask { get; init; }

    /// <summary>
    /// With <see cref="ReturnSequences"/>: give the outputs last processed step first, which is what Bidirectional does
    /// to its backward half (Keras flips it along time) to line it up with the forward half; costs nothing.
    /// </summary>
    public bool ReverseOutputs { get; init; }
}
