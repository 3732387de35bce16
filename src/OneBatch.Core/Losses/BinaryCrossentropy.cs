using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Losses;

/// <summary>
/// -mean(y log p + (1 - y) log(1 - p)) over the last axis (<c>keras.losses.BinaryCrossentropy</c>). From
/// probabilities, p is clipped to [1e-7, 1 - 1e-7]; from logits z, the loss is y softplus(-z) + (1 - y) softplus(z),
/// which never overflows. With label smoothing ls the targets become y (1 - ls) + ls / 2.
/// </summary>
public sealed class BinaryCrossentropy : Loss
{
    public BinaryCrossentropy(bool fromLogits = false, float labelSmoothing = 0f)
    {
        FromLogits = fromLogits;
        LabelSmoothing = CategoricalCrossentropy.CheckSmoothing(labelSmoothing);
    }

    public override string Name => "binary_crossentropy";

    public override bool IsClassification => true;

    public override bool FromLogits { get; }

    /// <summary>Keras's <c>label_smoothing</c>, in [0, 1].</summary>
    public float LabelSmoothing { get; }

    protected override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        if (LabelSmoothing != 0f)
        {
            yTrue = Ops.Scale(yTrue, 1f - LabelSmoothing, 0.5f * LabelSmoothing);
        }

        if (FromLogits)
        {
            // -(y log s(z) + (1 - y) log(1 - s(z))) = y softplus(-z) + (1 - y) softplus(z), since -log s(z) = softplus(-z)
            // and -log(1 - s(z)) = softplus(z). (Equal to softplus(z) - y z, but without its cancellation of two terms
            // of size |z|, which left rounding noise of ~1e-6 in place of a loss near 0.)
            var onPositives = Ops.Multiply(yTrue, Ops.Softplus(Ops.Negate(yPred)));
            var onNegatives = Ops.Multiply(Ops.Scale(yTrue, -1f, 1f), Ops.Softplus(yPred));
            return Ops.Mean(Ops.Add(onPositives, onNegatives), axis: -1);
        }

        const float eps = CategoricalCrossentropy.Epsilon;
        var p = Ops.Clip(yPred, eps, 1f - eps);
        var positive = Ops.Multiply(yTrue, Ops.Log(p));
        var negative = Ops.Multiply(Ops.Scale(yTrue, -1f, 1f), Ops.Log(Ops.Scale(p, -1f, 1f)));
        return Ops.Negate(Ops.Mean(Ops.Add(positive, negative), axis: -1));
    }

    /// <summary>The share of outputs on the target's side of 0.5 (of 0 for logits).</summary>
    public override float? Accuracy(Tensor predictions, Tensor targets, Tensor? mask = null) =>
        ThresholdAccuracy(predictions, targets, mask, FromLogits);

    /// <summary>The share of outputs on the target's side of 0.5 (of 0 for logits), among the positions a mask marks valid.</summary>
    internal static float ThresholdAccuracy(Tensor predictions, Tensor targets, Tensor? mask, bool fromLogits)
    {
        var p = predictions.ReadOnlySpan;
        var t = targets.ReadOnlySpan;
        // A mask [batch, time] covers the outputs of each position (p.Length / mask.Size of them).
        var valid = mask is not null && mask.Size > 0 && p.Length % mask.Size == 0 ? mask.ReadOnlySpan : default;
        int perPosition = valid.IsEmpty ? 1 : p.Length / valid.Length;
        float threshold = fromLogits ? 0f : 0.5f;
        int right = 0, counted = 0;
        for (int i = 0; i < p.Length; i++)
        {
            if (!valid.IsEmpty && valid[i / perPosition] == 0f)
            {
                continue;
            }

            right += (p[i] > threshold) == (t[i] > 0.5f) ? 1 : 0;
            counted++;
        }

        return counted == 0 ? 1f : right / (float)counted;
    }

    /// <summary>The mean of each (smoothed) output element over the batch is the best constant probability.</summary>
    protected override float MeanBaseline(Tensor targets)
    {
        var (mean, rows) = MeansOfLastAxis(targets);
        if (rows == 0)
        {
            return 0f;
        }

        var t = targets.ReadOnlySpan;
        double total = 0;
        for (int i = 0; i < t.Length; i++)
        {
            double y = Smooth(t[i]);
            double p = Math.Clamp(Smooth(mean[i % mean.Length]), 1e-7, 1 - 1e-7);
            total += (-(y * Math.Log(p)) - ((1 - y) * Math.Log(1 - p))) / mean.Length;
        }

        return (float)(total / rows);
    }

    /// <summary>The best probability is the (smoothed) target itself: the loss is its binary entropy (0 for 0/1 targets without smoothing).</summary>
    protected override float MeanMinimum(Tensor targets)
    {
        var t = targets.ReadOnlySpan;
        double total = 0;
        foreach (float v in t)
        {
            double y = Smooth(v);
            total -= (y > 0 ? y * Math.Log(y) : 0) + (y < 1 ? (1 - y) * Math.Log(1 - y) : 0);
        }

        return (float)(total / Math.Max(1, t.Length));
    }

    private double Smooth(double y) => (y * (1 - LabelSmoothing)) + (0.5 * LabelSmoothing);

    protected override double? MeanExpectedInitialLoss(int classes) => Math.Log(2);

    /// <summary>Per (smoothed) target t, the minimum over p in [0, 1] of softplus(p) - t p (the loss of probability p read as a logit).</summary>
    protected override float MeanFloorOnProbabilities(Tensor targets, int classes)
    {
        var t = targets.ReadOnlySpan;
        double total = 0;
        foreach (float raw in t)
        {
            double v = Smooth(raw);
            double p = Math.Clamp(v <= 0.5 ? 0 : Math.Log(v / (1 - v)), 0, 1);
            total += Math.Log(1 + Math.Exp(p)) - (v * p);
        }

        return (float)(total / Math.Max(1, t.Length));
    }
}
