using OneBatch.Autodiff;
using OneBatch.Tensors;
using OneBatch.Utils;

namespace OneBatch.Losses;

/// <summary>
/// A loss, like <c>keras.losses.Loss</c>: <see cref="Call"/> matches the ranks of target and prediction the way Keras
/// does, computes one value per sample with differentiable ops, and returns their mean over the batch.
/// <para>
/// A loss also knows what a check needs to judge a run with it, so that a new loss is one file: its task
/// (<see cref="IsClassification"/>), how right a prediction is (<see cref="Accuracy"/>), the best a prediction that
/// ignores the input can do (<see cref="Baseline"/>), which targets it accepts (<see cref="CheckTargets"/>), and the
/// floors that common mistakes put under it.
/// </para>
/// </summary>
public abstract class Loss
{
    /// <summary>The Keras identifier, such as <c>mean_squared_error</c>.</summary>
    public abstract string Name { get; }

    /// <summary>True for the cross-entropies: the prediction is a score per class (or a probability).</summary>
    public virtual bool IsClassification => false;

    /// <summary>True when predictions are logits rather than probabilities.</summary>
    public virtual bool FromLogits => false;

    /// <summary>True when a target is a class index rather than a value the output should take (sparse categorical cross-entropy).</summary>
    public virtual bool TargetsAreClassIndices => false;

    /// <summary>The mean loss over the batch, as a scalar tensor.</summary>
    public Tensor Call(Tensor yTrue, Tensor yPred)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        var (t, p) = MatchRanks(yTrue, yPred);
        return Ops.Mean(PerSample(t, p));
    }

    /// <summary>
    /// The mean loss over the positions a <paramref name="mask"/> marks valid (1) as Keras averages a masked output's
    /// loss: the sum over valid positions divided by their number. The mask has the shape of the loss per position
    /// (<c>[batch, time]</c> for a sequence output); without one this is <see cref="Call(Tensor, Tensor)"/>.
    /// </summary>
    public Tensor Call(Tensor yTrue, Tensor yPred, Tensor? mask)
    {
        if (mask is null)
        {
            return Call(yTrue, yPred);
        }

        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        var (t, p) = MatchRanks(yTrue, yPred);
        var perPosition = PerSample(t, p);
        if (perPosition.Shape != mask.Shape)
        {
            // A mask that does not fit the loss's positions (a sequence mask on a per-sample loss) does not apply, as in Keras.
            return Ops.Mean(perPosition);
        }

        float valid = TensorPrimitives.Sum(mask.ReadOnlySpan);
        return Ops.Scale(Ops.Sum(Ops.Multiply(perPosition, mask)), 1f / (valid + CategoricalCrossentropy.Epsilon));
    }

    /// <summary>The loss of each sample, <c>[batch, ...]</c> without the last axis.</summary>
    protected abstract Tensor PerSample(Tensor yTrue, Tensor yPred);

    /// <summary>
    /// The share of predictions that are right (classification), or null for a regression loss; with a
    /// <paramref name="mask"/>, among the positions it marks valid.
    /// </summary>
    public virtual float? Accuracy(Tensor predictions, Tensor targets, Tensor? mask = null) => null;

    /// <summary>
    /// The loss of the best prediction that ignores the input, so the same for every sample (it may differ per output
    /// element): what a model that does not use its input stalls at, and the scale a regression target is judged by.
    /// </summary>
    public abstract float Baseline(Tensor targets);

    /// <summary>
    /// Why <paramref name="targets"/> <c>[batch, ...]</c> cannot be this loss's targets for a model output of per-sample
    /// shape <paramref name="output"/>, as one sentence that begins with <paramref name="what"/> (such as
    /// <c>The targets in 'y.npy'</c>) and says which loss or encoding would fit; null when they fit.
    /// </summary>
    public virtual string? CheckTargets(Shape output, Tensor targets, string what)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var target = targets.Shape.DropFirst();
        bool fits = target == output
            || (target.Rank == output.Rank - 1 && output.Rank > 0 && output.Last == 1 && target == output.DropLast())
            || (output.Rank == target.Rank - 1 && target.Last == 1 && output == target.DropLast());
        return fits ? null : Mismatch(output, target, what);
    }

    /// <summary>
    /// The loss expected before training, when an untrained model predicts about uniformly (ln C for C classes), or
    /// null when the loss has no such level.
    /// </summary>
    public virtual double? ExpectedInitialLoss(int classes) => null;

    /// <summary>
    /// The lowest loss reachable when a loss that expects logits is fed probabilities in [0, 1] (a softmax or sigmoid
    /// left on the output), or NaN when it does not apply or cannot be worked out.
    /// </summary>
    public virtual float FloorOnProbabilities(Tensor targets, int classes) => float.NaN;

    /// <summary>The lowest loss reachable when every prediction lies in [<paramref name="low"/>, <paramref name="high"/>], or NaN when it does not apply.</summary>
    public virtual float FloorWithin(Tensor targets, float low, float high) => float.NaN;

    /// <summary>
    /// Keras's <c>squeeze_or_expand_to_same_rank</c>: a target of rank r-1 against a prediction of rank r whose last
    /// axis is 1 gets that axis added (a <c>[N]</c> target against a <c>[N, 1]</c> prediction is NOT broadcast to
    /// <c>[N, N]</c>); then the shapes must agree.
    /// </summary>
    protected virtual (Tensor YTrue, Tensor YPred) MatchRanks(Tensor yTrue, Tensor yPred)
    {
        if (yTrue.Shape == yPred.Shape)
        {
            return (yTrue, yPred);
        }

        // Only the missing axis of 1 is added: [4] against [3, 1] is a mismatch, reported with the shapes as given.
        if (yTrue.Rank == yPred.Rank - 1 && yPred.Shape.Last == 1 && yTrue.Shape == yPred.Shape.DropLast())
        {
            return (Ops.Reshape(yTrue, yPred.Shape), yPred);
        }

        if (yPred.Rank == yTrue.Rank - 1 && yTrue.Shape.Last == 1 && yPred.Shape == yTrue.Shape.DropLast())
        {
            return (yTrue, Ops.Reshape(yPred, yTrue.Shape));
        }

        throw new ArgumentException($"Loss '{Name}': targets of shape {yTrue.Shape} do not fit predictions of shape {yPred.Shape}.");
    }

    /// <summary>The message for targets whose shape does not fit the output.</summary>
    protected string Mismatch(Shape output, Shape target, string what) =>
        $"{what} have per-sample shape {target}, which does not fit the model's output of per-sample shape {output} under {Name}.";

    /// <summary>Samples and values per sample of a batch <c>[rows, ...]</c>.</summary>
    protected static (int Rows, int Width) RowsOf(Tensor t)
    {
        int rows = t.Rank == 0 ? 1 : t.Shape[0];
        return (rows, rows == 0 ? 0 : t.Size / rows);
    }

    /// <summary>
    /// The mean of each of the last axis's <paramref name="width"/> positions over all rows of <paramref name="targets"/>
    /// (the class frequencies of one-hot rows, each output's mean probability), and the number of rows.
    /// </summary>
    protected static (double[] Means, int Rows) MeansOfLastAxis(Tensor targets)
    {
        var t = targets.ReadOnlySpan;
        int width = targets.Rank <= 1 ? 1 : targets.Shape.Last;
        int rows = t.Length / Math.Max(1, width);
        var means = new double[width];
        for (int i = 0; i < t.Length; i++)
        {
            means[i % width] += t[i] / (double)rows;
        }

        return (means, rows);
    }

    public static implicit operator Loss(string name) => Get(name);

    /// <summary>Every loss by its Keras names; each entry makes the loss with or without <c>from_logits</c>.</summary>
    public static NameTable<Func<bool, Loss>> Registry { get; } = new NameTable<Func<bool, Loss>>("loss")
        .Add("mse", _ => new MeanSquaredError(), "mean_squared_error")
        .Add("mae", _ => new MeanAbsoluteError(), "mean_absolute_error")
        .Add("categorical_crossentropy", l => new CategoricalCrossentropy(l))
        .Add("sparse_categorical_crossentropy", l => new SparseCategoricalCrossentropy(l))
        .Add("binary_crossentropy", l => new BinaryCrossentropy(l));

    /// <summary>The loss with a Keras identifier (<c>mse</c>, <c>categorical_crossentropy</c>, ...).</summary>
    public static Loss Get(string name, bool fromLogits = false) => Registry.Get(name)(fromLogits);

    public override string ToString() => Name;
}
