using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Losses;

/// <summary>
/// -mean(y log p + (1 - y) log(1 - p)) over the last axis (<c>keras.losses.BinaryCrossentropy</c>). From
/// probabilities, p is clipped to [1e-7, 1 - 1e-7]; from logits z, the loss is y softplus(-z) + (1 - y) softplus(z),
/// which never overflows.
/// </summary>
public sealed class BinaryCrossentropy(bool fromLogits = false) : Loss
{
    public override string Name => "binary_crossentropy";

    public override bool IsClassification => true;

    public override bool FromLogits { get; } = fromLogits;

    protected override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
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
}
