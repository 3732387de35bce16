using OneBatch.Tensors;

namespace OneBatch.Autodiff;

public static partial class Ops
{
    /// <summary>
    /// <c>keras.activations.relu(x, negative_slope, max_value, threshold)</c>: x where x &gt; threshold, else 0, limited to
    /// [0, <paramref name="maxValue"/>] when a max is given, minus negative_slope * max(threshold - x, 0). Its special
    /// cases are relu6 (max 6), the leaky ReLU (a slope alone: x, or slope * x below 0) and the thresholded ReLU.
    /// </summary>
    public static Tensor Relu(Tensor x, float negativeSlope, float maxValue = float.PositiveInfinity, float threshold = 0f)
    {
        if (!float.IsFinite(negativeSlope) || !float.IsFinite(threshold) || float.IsNaN(maxValue) || maxValue < 0f)
        {
            throw new ArgumentException(
                $"Relu needs a finite negative slope and threshold and a max value of at least 0; got slope {negativeSlope}, max {maxValue}, threshold {threshold}.");
        }

        var y = GradientTape.NewOutput(x.Shape);
        var xs = x.ReadOnlySpan;
        var ys = y.Span;
        bool clipped = !float.IsPositiveInfinity(maxValue);
        for (int i = 0; i < xs.Length; i++)
        {
            float v = xs[i];
            float p = threshold != 0f ? (v > threshold ? v : 0f) : MathF.Max(v, 0f);
            if (clipped)
            {
                p = Math.Clamp(p, 0f, maxValue);
            }

            ys[i] = negativeSlope == 0f ? p : p - (negativeSlope * MathF.Max(threshold - v, 0f));
        }

        var node = GradientTape.Record(ReluGrad.Instance, y, x);
        if (node is not null)
        {
            node.F0 = negativeSlope;
            node.F1 = threshold;
            node.I0 = BitConverter.SingleToInt32Bits(maxValue);
        }

        return y;
    }

    private sealed class ReluGrad : Op
    {
        public static readonly ReluGrad Instance = new();

        public override string Name => "relu_with_settings";

        // y = clip(x [x > t], 0, m) - s max(t - x, 0):
        // dL/dx = g * ([x > t] [0 < x < m when clipped] + s [x < t])
        public override void Backward(Node node, Tensor g, GradientStore grads)
        {
            var x = node.A!;
            if (!grads.Needs(x))
            {
                return;
            }

            float slope = node.F0, threshold = node.F1, max = BitConverter.Int32BitsToSingle(node.I0);
            bool clipped = !float.IsPositiveInfinity(max);
            var xs = x.ReadOnlySpan;
            var d = Temp(x.Size);
            for (int i = 0; i < xs.Length; i++)
            {
                float v = xs[i];
                bool passes = (threshold != 0f ? v > threshold : v > 0f) && (!clipped || (v > 0f && v < max));
                d[i] = (passes ? 1f : 0f) + (v < threshold ? slope : 0f);
            }

            AccumulateProduct(grads, x, g.ReadOnlySpan, d);
        }
    }
}
