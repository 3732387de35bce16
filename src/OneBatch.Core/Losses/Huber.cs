using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Losses;

/// <summary>
/// The mean over the last axis of 0.5 e^2 where |e| &lt;= delta and delta |e| - 0.5 delta^2 beyond, e = y_pred - y_true
/// (<c>keras.losses.Huber</c>): quadratic near the target, linear far from it.
/// </summary>
public sealed class Huber : Loss
{
    /// <param name="delta">Where the loss turns from quadratic to linear (Keras's default 1).</param>
    public Huber(float delta = 1f)
    {
        Delta = delta > 0f && float.IsFinite(delta)
            ? delta
            : throw new ArgumentOutOfRangeException(nameof(delta), delta, "Huber's delta must be a finite number > 0.");
    }

    public override string Name => "huber";

    /// <summary>Where the loss turns from quadratic to linear.</summary>
    public float Delta { get; }

    protected override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        // With a = |e| and c = min(a, delta): 0.5 c^2 + delta (a - c) is 0.5 a^2 for a <= delta and delta a - 0.5 delta^2
        // beyond; its derivative in a is c + delta (1 - dc/da): a below delta, delta above, as Keras's where() gives.
        var a = Ops.Abs(Ops.Subtract(yPred, yTrue));
        var c = Ops.Clip(a, 0f, Delta);
        var quadratic = Ops.Scale(Ops.Square(c), 0.5f);
        var linear = Ops.Scale(Ops.Subtract(a, c), Delta);
        return Ops.Mean(Ops.Add(quadratic, linear), axis: -1);
    }

    /// <summary>The best constant per output element, by a 1-D search: the loss is convex in it (between the mean and the median).</summary>
    protected override float MeanBaseline(Tensor targets) => BestConstantPerElement(targets, (c, t) => Of(c - t, Delta));

    /// <summary>Each target outside the range is met at best by the nearest bound, as the loss grows with |e|.</summary>
    protected override float MeanFloorWithin(Tensor targets, float low, float high)
    {
        double total = 0;
        var t = targets.ReadOnlySpan;
        foreach (float v in t)
        {
            total += Of(Math.Clamp(v, low, high) - (double)v, Delta);
        }

        return (float)(total / Math.Max(1, t.Length));
    }

    /// <summary>The loss of one error e.</summary>
    internal static double Of(double e, double delta)
    {
        double a = Math.Abs(e);
        return a <= delta ? 0.5 * a * a : (delta * a) - (0.5 * delta * delta);
    }
}
