using OneBatch.Tensors;

namespace OneBatch.Tests.Layers;

/// <summary>Inputs for the tests of the layers over sequences <c>[batch, steps, features]</c>.</summary>
internal static class Sequences
{
    /// <summary>
    /// Distinct values 0.05 apart in a random order, centred on 0: no two elements of a window come within the step of
    /// a central difference, so a max never changes hands while its gradient is checked.
    /// </summary>
    public static Tensor Shuffled(int seed, params int[] shape)
    {
        var t = new Tensor(new Shape(shape));
        var s = t.Span;
        var order = Enumerable.Range(0, s.Length).ToArray();
        new Random(seed).Shuffle(order);
        for (int i = 0; i < s.Length; i++)
        {
            s[i] = (order[i] - (s.Length / 2)) * 0.05f;
        }

        return t;
    }

    /// <summary>Runs <paramref name="layer"/> inside a Functional model on x with an Embedding-style mask; returns the output and its mask.</summary>
    public static (Tensor Output, Tensor? Mask) ApplyMasked(OneBatch.Layers.Layer layer, Tensor x, float[] mask)
    {
        // Masking(0) marks the steps whose features are all 0 as padding; zero those steps of x to match the mask.
        int steps = x.Shape[1], features = x.Shape[2];
        var masked = new Tensor(x.Shape);
        x.ReadOnlySpan.CopyTo(masked.Span);
        for (int i = 0; i < mask.Length; i++)
        {
            if (mask[i] == 0f)
            {
                masked.Span.Slice(i * features, features).Clear();
            }
        }

        var inputs = OneBatch.Models.Keras.Input(shape: [steps, features]);
        var model = new OneBatch.Models.Functional(inputs, layer.Apply(new OneBatch.Layers.Masking().Apply(inputs)));
        var outputs = new Tensor[1];
        var masks = new Tensor?[1];
        model.Apply([masked], outputs, masks);
        return (outputs[0], masks[0]);
    }
}
