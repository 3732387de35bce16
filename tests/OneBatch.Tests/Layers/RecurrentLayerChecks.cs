using OneBatch.Layers;
using OneBatch.Tensors;
using static OneBatch.Tests.Autodiff.GradientChecker;

namespace OneBatch.Tests.Layers;

/// <summary>What the tests of SimpleRNN, LSTM, GRU and Bidirectional share: gradient checks of a whole layer, masks.</summary>
internal static class RecurrentLayerChecks
{
    /// <summary>Every combination of sequence length (1, 2, 5), mask, return_sequences, return_state and go_backwards.</summary>
    public static TheoryData<int, bool, bool, bool, bool> Settings()
    {
        var data = new TheoryData<int, bool, bool, bool, bool>();
        foreach (int t in new[] { 1, 2, 5 })
        {
            foreach (bool masked in new[] { false, true })
            {
                foreach (bool sequences in new[] { false, true })
                {
                    foreach (bool state in new[] { false, true })
                    {
                        foreach (bool backwards in new[] { false, true })
                        {
                            data.Add(t, masked, sequences, state, backwards);
                        }
                    }
                }
            }
        }

        return data;
    }

    /// <summary>
    /// Builds <paramref name="layer"/> for sequences [t, 3] and checks the tape's gradient of all its outputs together
    /// against finite differences, with respect to the input and every weight.
    /// </summary>
    public static void AssertLayerGradients(Layer layer, int t, bool masked, int seed = 1)
    {
        const int n = 3, f = 3;
        layer.Build(new Shape(t, f), new RandomGenerator(seed));
        var x = Uniform(seed, new Shape(n, t, f));
        var mask = masked ? Mask(n, t) : null;
        var inputs = new[] { x }.Concat(layer.Weights.Select(w => w.Value)).ToArray();
        AssertGradients(_ => Joined(layer, x, mask), inputs);
    }

    /// <summary>All outputs of a call, each flattened per sample and joined: <c>[batch, total]</c>.</summary>
    public static Tensor Joined(Layer layer, Tensor x, Tensor? mask)
    {
        var outputs = new Tensor[layer.OutputShapes.Count];
        layer.Call([x], [mask], outputs, training: false);
        int n = x.Shape[0];
        var flat = outputs.Select(o => OneBatch.Autodiff.Ops.Reshape(o, new Shape(n, o.Size / n))).ToArray();
        return flat.Length == 1 ? flat[0] : OneBatch.Autodiff.Ops.Concatenate(flat, 1);
    }

    /// <summary>
    /// A mask <c>[n, t]</c>: sample s ends with min(s mod 3, t - 1) padded steps, and the first sample has a gap at step 1
    /// when t &gt; 2.
    /// </summary>
    public static Tensor Mask(int n, int t)
    {
        var mask = Tensor.Full(new Shape(n, t), 1f);
        for (int s = 0; s < n; s++)
        {
            for (int k = 0; k < Math.Min(s % 3, t - 1); k++)
            {
                mask.Span[(s * t) + t - 1 - k] = 0f;
            }
        }

        if (t > 2)
        {
            mask.Span[1] = 0f;
        }

        return mask;
    }
}
