using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Losses;

/// <summary>
/// mean(log(cosh(y_pred - y_true))) over the last axis (<c>keras.losses.LogCosh</c>): about e^2 / 2 for a small error e
/// and |e| - ln 2 for a large one.
/// </summary>
public sealed class LogCosh : Loss
{
    public override string Name => "log_cosh";

    protected override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        // log cosh e = log((e^e + e^-e) / 2) = e + log(1 + e^-2e) - ln 2 = e + softplus(-2e) - ln 2, which never overflows
        // (Keras's form); its derivative 1 - 2 sigmoid(-2e) = tanh e.
        var e = Ops.Subtract(yPred, yTrue);
        var value = Ops.Add(e, Ops.Softplus(Ops.Scale(e, -2f)));
        return Ops.Mean(Ops.Scale(value, 1f, -MathF.Log(2f)), axis: -1);
    }

    /// <summary>The best constant per output element, by a 1-D search: the loss is convex in it.</summary>
    protected override float MeanBaseline(Tensor targets) => BestConstantPerElement(targets, (c, t) => Of(c - t));

    /// <summary>Each target outside the range is met at best by the nearest bound, as the loss grows with |e|.</summary>
    protected override float MeanFloorWithin(Tensor targets, float low, float high)
    {
        double total = 0;
        var t = targets.ReadOnlySpan;
        foreach (float v in t)
        {
            total += Of(Math.Clamp(v, low, high) - (double)v);
        }

        return (float)(total / Math.Max(1, t.Length));
    }

    /// <summary>log cosh e, without overflow: |e| + log(1 + e^-2|e|) - ln 2.</summary>
    internal static double Of(double e)
    {
        double a = Math.Abs(e);
        return a + Math.Log(1 + Math.Exp(-2 * a)) - Math.Log(2);
    }
}
