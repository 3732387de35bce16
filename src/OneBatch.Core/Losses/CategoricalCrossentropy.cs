using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Losses;

/// <summary>
/// -sum(y_true * log(p)) over the classes, for one-hot (or soft) targets (<c>keras.losses.CategoricalCrossentropy</c>).
/// From probabilities, p is renormalized to sum to 1 and clipped to [1e-7, 1 - 1e-7] as Keras does; from logits,
/// log(p) is a log-softmax. With label smoothing ls over C classes the targets become y (1 - ls) + ls / C.
/// </summary>
public sealed class CategoricalCrossentropy : Loss
{
    /// <summary>Keras's backend epsilon, the clip bound for probabilities.</summary>
    public const float Epsilon = 1e-7f;

    public CategoricalCrossentropy(bool fromLogits = false, float labelSmoothing = 0f)
    {
        FromLogits = fromLogits;
        LabelSmoothing = CheckSmoothing(labelSmoothing);
    }

    public override string Name => "categorical_crossentropy";

    public override bool IsClassification => true;

    public override bool FromLogits { get; }

    /// <summary>Keras's <c>label_smoothing</c>, in [0, 1].</summary>
    public float LabelSmoothing { get; }

    protected override Tensor PerSample(Tensor yTrue, Tensor yPred) =>
        Ops.Negate(Ops.Sum(Ops.Multiply(Smooth(yTrue), LogProbabilities(yPred, FromLogits)), axis: -1));

    // y (1 - ls) + ls / C, with C the size of the last axis.
    private Tensor Smooth(Tensor yTrue) =>
        LabelSmoothing == 0f ? yTrue : Ops.Scale(yTrue, 1f - LabelSmoothing, LabelSmoothing / Classes(yTrue.Shape));

    private static int Classes(Shape shape) => shape.Rank == 0 ? 1 : shape.Last;

    /// <summary>The targets as the loss sees them, after label smoothing (a copy; for the levels, not the hot path).</summary>
    private double[] Smoothed(Tensor targets)
    {
        var t = targets.ReadOnlySpan;
        double keep = 1 - LabelSmoothing, add = LabelSmoothing / (double)Classes(targets.Shape);
        var y = new double[t.Length];
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = (t[i] * keep) + add;
        }

        return y;
    }

    /// <summary>log(p) per class, from logits or from (renormalized, clipped) probabilities.</summary>
    internal static Tensor LogProbabilities(Tensor yPred, bool fromLogits)
    {
        if (fromLogits)
        {
            return Ops.LogSoftmax(yPred);
        }

        var p = Ops.Divide(yPred, Ops.Sum(yPred, axis: -1, keepDims: true));
        return Ops.Log(Ops.Clip(p, Epsilon, 1f - Epsilon));
    }

    /// <summary>A label smoothing outside [0, 1] throws.</summary>
    internal static float CheckSmoothing(float labelSmoothing) =>
        labelSmoothing is >= 0f and <= 1f
            ? labelSmoothing
            : throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "label_smoothing must lie in [0, 1].");

    /// <summary>
    /// The share of rows whose highest score is at the target's highest value. A one-column output is judged as the
    /// binary task it is (on the target's side of 0.5, or of 0 for logits): the argmax over one column is always right,
    /// and the loss of one renormalized column is always 0, so neither could tell a right output from a wrong one.
    /// </summary>
    public override float? Accuracy(Tensor predictions, Tensor targets, Tensor? mask = null)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(targets);
        return predictions.Rank == 0 || predictions.Shape.Last == 1
            ? BinaryCrossentropy.ThresholdAccuracy(predictions, targets, mask, FromLogits)
            : ArgmaxAccuracy(predictions, targets.ReadOnlySpan, sparse: false, mask);
    }

    /// <summary>
    /// The class frequencies of the (smoothed) targets are the best constant: the loss is their cross-entropy with the
    /// targets (ln C for balanced one-hot classes).
    /// </summary>
    protected override float MeanBaseline(Tensor targets)
    {
        var (mean, rows) = MeansOfLastAxis(targets);
        if (rows == 0)
        {
            return 0f;
        }

        var t = Smoothed(targets);
        double keep = 1 - LabelSmoothing, add = LabelSmoothing / (double)mean.Length;
        double total = 0;
        for (int i = 0; i < t.Length; i++)
        {
            total -= t[i] * Math.Log(Math.Clamp((mean[i % mean.Length] * keep) + add, 1e-7, 1 - 1e-7));
        }

        return (float)(total / rows);
    }

    /// <summary>
    /// Each row's best distribution is its (smoothed) target row y scaled to sum to 1, s = sum(y): the loss
    /// -sum(y log(y / s)), the targets' entropy (0 for one-hot rows without smoothing).
    /// </summary>
    protected override float MeanMinimum(Tensor targets)
    {
        var t = Smoothed(targets);
        int classes = Classes(targets.Shape);
        int rows = t.Length / Math.Max(1, classes);
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            var row = t.AsSpan(r * classes, classes);
            double s = 0;
            foreach (double v in row)
            {
                s += v;
            }

            foreach (double v in row)
            {
                total -= v > 0 ? v * Math.Log(v / s) : 0;
            }
        }

        return rows == 0 ? 0f : (float)(total / rows);
    }

    public override string? CheckTargets(Shape output, Tensor targets, string what)
    {
        var target = targets.Shape.DropFirst();
        int classes = output.Rank == 0 ? 1 : output.Last;
        if (classes > 1 && SparseCategoricalCrossentropy.LabelShaped(output, target) && target != output)
        {
            return $"{what} are class labels (shape {targets.Shape}) but the model has {classes} outputs: use the loss sparse_categorical_crossentropy, or one-hot encode the labels for {Name}.";
        }

        return base.CheckTargets(output, targets, what);
    }

    /// <summary>Uniform probabilities cost ln C, smoothed or not, as each target row sums to 1.</summary>
    protected override double? MeanExpectedInitialLoss(int classes) => classes >= 2 ? Math.Log(classes) : null;

    /// <summary>
    /// For one-hot targets, logits in [0, 1]: by symmetry only the gap d = z_target - z_other in [0, 1] matters, and
    /// the loss -y_c d + ln(e^d + C - 1) (y_c the smoothed target's weight on its class) falls until e^d = y_c (C - 1) / (1 - y_c):
    /// d = 1 without smoothing, where the loss is ln(1 + (C-1)/e).
    /// </summary>
    protected override float MeanFloorOnProbabilities(Tensor targets, int classes)
    {
        foreach (float v in targets.ReadOnlySpan)
        {
            if (v != 0f && v != 1f)
            {
                return float.NaN;
            }
        }

        double yc = 1 - LabelSmoothing + (LabelSmoothing / classes);
        double d = yc >= 1 ? 1 : Math.Clamp(Math.Log(yc * (classes - 1) / (1 - yc)), 0, 1);
        return (float)((-yc * d) + Math.Log(Math.Exp(d) + classes - 1));
    }

    /// <summary>
    /// The share of rows of <paramref name="predictions"/> <c>[rows..., classes]</c> whose argmax is the target class:
    /// an integer label, or the argmax of a one-hot row.
    /// </summary>
    internal static float ArgmaxAccuracy(Tensor predictions, ReadOnlySpan<float> targets, bool sparse, Tensor? mask)
    {
        int classes = predictions.Rank == 0 ? 1 : predictions.Shape.Last;
        int rows = predictions.Size / Math.Max(1, classes);
        var valid = mask is not null && mask.Size == rows ? mask.ReadOnlySpan : default;
        var p = predictions.ReadOnlySpan;
        int right = 0, counted = 0;
        for (int r = 0; r < rows; r++)
        {
            if (!valid.IsEmpty && valid[r] == 0f)
            {
                continue;
            }

            int predicted = TensorPrimitives.IndexOfMax(p.Slice(r * classes, classes));
            int expected = sparse ? (int)targets[r] : TensorPrimitives.IndexOfMax(targets.Slice(r * classes, classes));
            right += predicted == expected ? 1 : 0;
            counted++;
        }

        return counted == 0 ? 1f : right / (float)counted;
    }
}
