using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Losses;

/// <summary>
/// mean(max(1 - y_true y_pred, 0)) over the last axis (<c>keras.losses.Hinge</c>), for targets -1 and 1; 0/1 targets
/// are turned into -1/1 first, as Keras does when every target is 0 or 1. A prediction is a score whose sign is the class.
/// </summary>
public sealed class Hinge : Loss
{
    public override string Name => "hinge";

    public override bool IsClassification => true;

    protected override Tensor PerSample(Tensor yTrue, Tensor yPred) =>
        Ops.Mean(Margins(yTrue, yPred), axis: -1);

    /// <summary>max(1 - y y_pred, 0) per element, with y the targets as -1/1.</summary>
    internal static Tensor Margins(Tensor yTrue, Tensor yPred) =>
        Ops.Relu(Ops.Scale(Ops.Multiply(Signs(yTrue), yPred), -1f, 1f));

    /// <summary>The targets as -1/1: 2y - 1 when every target is 0 or 1 (Keras's <c>convert_binary_labels_to_hinge</c>), else as they are.</summary>
    internal static Tensor Signs(Tensor yTrue) => AllBinary(yTrue.ReadOnlySpan) ? Ops.Scale(yTrue, 2f, -1f) : yTrue;

    private static bool AllBinary(ReadOnlySpan<float> t)
    {
        foreach (float v in t)
        {
            if (v != 0f && v != 1f)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The targets as -1/1, as doubles (for the levels, not the hot path).</summary>
    private static double[] SignValues(Tensor targets)
    {
        var t = targets.ReadOnlySpan;
        bool binary = AllBinary(t);
        var y = new double[t.Length];
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = binary ? (2 * t[i]) - 1 : t[i];
        }

        return y;
    }

    /// <summary>The share of outputs on the target's side of 0.</summary>
    public override float? Accuracy(Tensor predictions, Tensor targets, Tensor? mask = null) => SignAccuracy(predictions, targets, mask);

    /// <summary>Best constant per output element: with n+ targets of 1 and n- of -1 the loss is linear in c on [-1, 1], so c = +-1 and it is 2 min(n+, n-) / n.</summary>
    protected override float MeanBaseline(Tensor targets) => BestConstant(targets, squared: false);

    protected override float MeanFloorWithin(Tensor targets, float low, float high) => FloorWithin(targets, low, high, squared: false);

    public override string? CheckTargets(Shape output, Tensor targets, string what) =>
        base.CheckTargets(output, targets, what) ?? CheckSigns(targets, what, Name);

    /// <summary>
    /// The best constant per output element for the hinge (or squared hinge) of -1/1 targets: a convex function of c
    /// whose kinks are at 1/y, searched over [-B, B] with B the largest |1/y| (at least 1).
    /// </summary>
    internal static float BestConstant(Tensor targets, bool squared)
    {
        var y = SignValues(targets);
        var (rows, width) = RowsOf(targets);
        if (rows == 0 || width == 0)
        {
            return 0f;
        }

        double total = 0;
        for (int j = 0; j < width; j++)
        {
            double bound = 1;
            for (int i = 0; i < rows; i++)
            {
                double v = Math.Abs(y[(i * width) + j]);
                bound = v > 0 ? Math.Max(bound, 1 / v) : bound;
            }

            int column = j;
            double Loss(double c)
            {
                double sum = 0;
                for (int i = 0; i < rows; i++)
                {
                    double m = Math.Max(0, 1 - (y[(i * width) + column] * c));
                    sum += squared ? m * m : m;
                }

                return sum;
            }

            total += MinimizeConvex(Loss, -bound, bound);
        }

        return (float)(total / (rows * (double)width));
    }

    /// <summary>Per target y (as -1/1), the margin y p is linear in p, so its best in [low, high] is at a bound: max(0, 1 - max(y low, y high)).</summary>
    internal static float FloorWithin(Tensor targets, float low, float high, bool squared)
    {
        var y = SignValues(targets);
        double total = 0;
        foreach (double v in y)
        {
            double margin = v == 0 ? 0 : Math.Max(v * low, v * high);
            double m = Math.Max(0, 1 - margin);
            total += squared ? m * m : m;
        }

        return (float)(total / Math.Max(1, y.Length));
    }

    /// <summary>Why targets are not -1/1 (or 0/1) labels, or null.</summary>
    internal static string? CheckSigns(Tensor targets, string what, string name)
    {
        var t = targets.ReadOnlySpan;
        if (AllBinary(t))
        {
            return null;
        }

        foreach (float v in t)
        {
            if (v != -1f && v != 1f)
            {
                return $"{what} hold {v}, which is not a label for {name}: it takes -1/1 targets (or 0/1, which it turns into -1/1).";
            }
        }

        return null;
    }

    /// <summary>The share of outputs whose sign is the target's (0/1 targets read as -1/1).</summary>
    internal static float SignAccuracy(Tensor predictions, Tensor targets, Tensor? mask)
    {
        var p = predictions.ReadOnlySpan;
        var t = targets.ReadOnlySpan;
        bool binary = AllBinary(t);
        float threshold = binary ? 0.5f : 0f;

        // A mask [batch, time] covers the outputs of each position (p.Length / mask.Size of them).
        var valid = mask is not null && mask.Size > 0 && p.Length % mask.Size == 0 ? mask.ReadOnlySpan : default;
        int perPosition = valid.IsEmpty ? 1 : p.Length / valid.Length;
        int right = 0, counted = 0;
        for (int i = 0; i < p.Length; i++)
        {
            if (!valid.IsEmpty && valid[i / perPosition] == 0f)
            {
                continue;
            }

            right += (p[i] > 0f) == (t[i] > threshold) ? 1 : 0;
            counted++;
        }

        return counted == 0 ? 1f : right / (float)counted;
    }
}
