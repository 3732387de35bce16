using OneBatch.Tensors;

namespace OneBatch.Utils;

/// <summary>Helpers from <c>keras.utils</c>.</summary>
public static class Categorical
{
    /// <summary>
    /// One-hot rows for integer class labels, like <c>keras.utils.to_categorical</c>: labels <c>[n]</c> (floats holding
    /// whole numbers) become <c>[n, numClasses]</c>.
    /// </summary>
    public static Tensor ToCategorical(Tensor labels, int numClasses)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numClasses, 1);
        var values = labels.ReadOnlySpan;
        var result = new Tensor(new Shape(values.Length, numClasses));
        var dst = result.Span;
        for (int i = 0; i < values.Length; i++)
        {
            float v = values[i];
            int c = (int)v;
            if (c != v || c < 0 || c >= numClasses)
            {
                throw new ArgumentException($"ToCategorical: label {v} at position {i} is not a class index in [0, {numClasses}).");
            }

            dst[(i * numClasses) + c] = 1f;
        }

        return result;
    }

    /// <inheritdoc cref="ToCategorical(Tensor, int)"/>
    public static Tensor ToCategorical(ReadOnlySpan<int> labels, int numClasses)
    {
        var t = new Tensor(new Shape(labels.Length));
        for (int i = 0; i < labels.Length; i++)
        {
            t.Span[i] = labels[i];
        }

        return ToCategorical(t, numClasses);
    }
}
