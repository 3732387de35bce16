using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Losses;

/// <summary>
/// mean(y_pred - y_true log(y_pred + 1e-7)) over the last axis (<c>keras.losses.Poisson</c>): the negative
/// log-likelihood of counts y_true under Poisson rates y_pred, up to a term of the targets alone. It can be negative,
/// and its <see cref="Loss.Minimum"/> is not 0.
/// </summary>
public sealed class Poisson : Loss
{
    private const double Eps = CategoricalCrossentropy.Epsilon;

    public override string Name => "poisson";

    protected override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        var logRate = Ops.Log(Ops.Scale(yPred, 1f, CategoricalCrossentropy.Epsilon));
        return Ops.Mean(Ops.Subtract(yPred, Ops.Multiply(yTrue, logRate)), axis: -1);
    }

    /// <summary>
    /// Over rates c >= 0 (what a Poisson model predicts), c - m log(c + eps) for the mean target m of each output element
    /// is least at c = max(m - eps, 0), as its derivative is 1 - m / (c + eps).
    /// </summary>
    protected override float MeanBaseline(Tensor targets)
    {
        var (means, rows) = MeansOfLastAxis(targets);
        if (rows == 0)
        {
            return 0f;
        }

        double total = 0;
        foreach (double m in means)
        {
            total += Best(m, 0, double.PositiveInfinity);
        }

        return (float)(total / means.Length);
    }

    /// <summary>Per target t, the least loss over rates >= 0: at c = max(t - eps, 0), t - eps - t ln t for t > 0 (and 0 for t = 0).</summary>
    protected override float MeanMinimum(Tensor targets) => MeanFloorWithin(targets, 0f, float.PositiveInfinity);

    /// <summary>Per target t, the rate in the range nearest t - eps (the loss is convex in the rate); NaN for a range reaching below 0.</summary>
    protected override float MeanFloorWithin(Tensor targets, float low, float high)
    {
        if (!(low >= 0f))
        {
            return float.NaN;
        }

        double total = 0;
        var t = targets.ReadOnlySpan;
        foreach (float v in t)
        {
            total += Best(v, low, high);
        }

        return (float)(total / Math.Max(1, t.Length));
    }

    public override string? CheckTargets(Shape output, Tensor targets, string what)
    {
        if (base.CheckTargets(output, targets, what) is string problem)
        {
            return problem;
        }

        foreach (float v in targets.ReadOnlySpan)
        {
            if (!(v >= 0f))
            {
                return $"{what} hold {v}, which is not a count or rate >= 0: {Name} is the likelihood of Poisson counts.";
            }
        }

        return null;
    }

    // The least of c - t log(c + eps) over c in [low, high].
    private static double Best(double t, double low, double high)
    {
        double c = Math.Clamp(Math.Max(t - Eps, 0), low, high);
        return c - (t == 0 ? 0 : t * Math.Log(c + Eps));
    }
}
