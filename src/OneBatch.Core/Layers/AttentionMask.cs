using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Which keys each query may attend to, <c>[batch, Tq, Tv]</c> of 0/1, combined the way Keras's attention layers
/// combine it: a padded query step (its mask 0) attends to nothing, no query attends to a padded value or key step,
/// and with the causal mask step t attends only to steps s &lt;= t; the masks are ANDed. A constant: no gradient
/// flows through it.
/// </summary>
internal static class AttentionMask
{
    /// <summary>The combined mask, or null when no mask applies (then the attention is a plain softmax).</summary>
    /// <param name="queryMask">[batch, Tq] (any shape of that size), or null.</param>
    /// <param name="valueMask">[batch, Tv], or null; so is <paramref name="keyMask"/>.</param>
    public static Tensor? Combine(Layer layer, int batch, int tq, int tv, Tensor? queryMask, Tensor? valueMask, Tensor? keyMask, bool causal)
    {
        if (queryMask is null && valueMask is null && keyMask is null && !causal)
        {
            return null;
        }

        Check(layer, "query", queryMask, batch, tq);
        Check(layer, "value", valueMask, batch, tv);
        Check(layer, "key", keyMask, batch, tv);
        var mask = GradientTape.NewOutput(new Shape(batch, tq, tv));
        var m = mask.Span;
        m.Fill(1f);
        for (int n = 0; n < batch; n++)
        {
            for (int t = 0; t < tq; t++)
            {
                var row = m.Slice(((n * tq) + t) * tv, tv);
                if (queryMask is not null && queryMask.ReadOnlySpan[(n * tq) + t] == 0f)
                {
                    row.Clear();
                    continue;
                }

                if (valueMask is not null)
                {
                    TensorPrimitives.Multiply(row, valueMask.ReadOnlySpan.Slice(n * tv, tv), row);
                }

                if (keyMask is not null)
                {
                    TensorPrimitives.Multiply(row, keyMask.ReadOnlySpan.Slice(n * tv, tv), row);
                }

                if (causal && t + 1 < tv)
                {
                    row[(t + 1)..].Clear();
                }
            }
        }

        return mask;
    }

    /// <summary>Fails, naming the layer, unless the mask (if any) holds one value per sample and step.</summary>
    public static void Check(Layer layer, string what, Tensor? mask, int batch, int steps)
    {
        if (mask is not null && mask.Size != batch * steps)
        {
            throw new ArgumentException(
                $"Layer '{layer.Name}' ({layer.ClassName}) got a {what} mask of shape {mask.Shape}; it needs one value per sample and step, [{batch}, {steps}].");
        }
    }
}
