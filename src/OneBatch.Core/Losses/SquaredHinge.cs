using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Losses;

/// <summary>
/// mean(max(1 - y_true y_pred, 0)^2) over the last axis (<c>keras.losses.SquaredHinge</c>), for targets -1 and 1 (0/1
/// targets are turned into -1/1 first, as in <see cref="Hinge"/>).
/// </summary>
public sealed class SquaredHinge : Loss
{
    public override string Name => "squared_hinge";

    public override bool IsClassification => true;

    protected override Tensor PerSample(Tensor yTrue, Tensor yPred) =>
        Ops.Mean(Ops.Square(Hinge.Margins(yTrue, yPred)), axis: -1);

    /// <summary>The share of outputs on the target's side of 0.</summary>
    public override float? Accuracy(Tensor predictions, Tensor targets, Tensor? mask = null) => Hinge.SignAccuracy(predictions, targets, mask);

    /// <summary>Best constant per output element: with n+ targets of 1 and n- of -1, n+ (1 - c)^2 + n- (1 + c)^2 is least at c = (n+ - n-) / n (found by a 1-D search).</summary>
    protected override float MeanBaseline(Tensor targets) => Hinge.BestConstant(targets, squared: true);

    protected override float MeanFloorWithin(Tensor targets, float low, float high) => Hinge.FloorWithin(targets, low, high, squared: true);

    public override string? CheckTargets(Shape output, Tensor targets, string what) =>
        base.CheckTargets(output, targets, what) ?? Hinge.CheckSigns(targets, what, Name);
}
