using OneBatch.Autodiff;
using OneBatch.Tensors;
using OneBatch.Utils;

namespace OneBatch.Losses;

/// <summary>
/// A loss, like <c>keras.losses.Loss</c>: <see cref="Call(OneBatch.Tensors.Tensor, OneBatch.Tensors.Tensor)"/> matches the ranks of target and prediction the way Keras
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
        var perSample = PerSample(t, p);
        return _reduction == LossReduction.Sum ? Ops.Sum(perSample) : Ops.Mean(perSample);
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
            return _reduction == LossReduction.Sum ? Ops.Sum(perPosition) : Ops.Mean(perPosition);
        }

        // Keras: a sum adds the valid positions' losses; a mean divides that by the number of valid positions.
        var masked = Ops.Sum(Ops.Multiply(perPosition, mask));
        if (_reduction == LossReduction.Sum)
        {
            return masked;
        }

        float valid = TensorPrimitives.Sum(mask.ReadOnlySpan);
        return Ops.Scale(masked, 1f / (valid + CategoricalCrossentropy.Epsilon));
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
    /// In this loss's <see cref="Reduction"/> (with <c>sum</c>, the total over the batch's positions).
    /// </summary>
    public float Baseline(Tensor targets) => Reduced(MeanBaseline(targets), targets);

    /// <summary><see cref="Baseline"/> as a mean over the positions (<c>sum_over_batch_size</c>).</summary>
    protected abstract float MeanBaseline(Tensor targets);

    /// <summary>
    /// The lowest loss any prediction reaches on <paramref name="targets"/>, in this loss's <see cref="Reduction"/>: 0 for
    /// most losses, the entropy of the targets for a cross-entropy with label smoothing, below 0 for a Poisson loss.
    /// </summary>
    public float Minimum(Tensor targets) => Reduced(MeanMinimum(targets), targets);

    /// <summary><see cref="Minimum"/> as a mean over the positions.</summary>
    protected virtual float MeanMinimum(Tensor targets) => 0f;

    /// <summary>How the loss of each position becomes one number: Keras's <c>reduction</c>.</summary>
    public LossReduction Reduction
    {
        get => _reduction;
        init => _reduction = value;
    }

    private LossReduction _reduction;

    /// <summary>
    /// A loss value that is a mean over the positions of <paramref name="targets"/> (what <c>sum_over_batch_size</c>
    /// reports) in this loss's <see cref="Reduction"/>: times the number of positions for <c>sum</c>.
    /// </summary>
    public float Reduced(float meanValue, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return _reduction == LossReduction.Sum ? meanValue * Positions(targets) : meanValue;
    }

    /// <summary>
    /// The number of loss values <paramref name="targets"/> <c>[batch, ...]</c> give before the reduction: one per sample
    /// (or per time step), as the last axis is reduced; a <c>[batch]</c> target gives one per sample.
    /// </summary>
    protected virtual int Positions(Tensor targets) =>
        targets.Rank <= 1 ? targets.Size : targets.Size / Math.Max(1, targets.Shape.Last);

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
    /// null when the loss has no such level (or, with the <c>sum</c> reduction, when it depends on the batch).
    /// </summary>
    public double? ExpectedInitialLoss(int classes) => _reduction == LossReduction.Sum ? null : MeanExpectedInitialLoss(classes);

    /// <summary><see cref="ExpectedInitialLoss"/> as a mean over the positions.</summary>
    protected virtual double? MeanExpectedInitialLoss(int classes) => null;

    /// <summary>
    /// The lowest loss reachable when a loss that expects logits is fed probabilities in [0, 1] (a softmax or sigmoid
    /// left on the output), or NaN when it does not apply or cannot be worked out.
    /// </summary>
    public float FloorOnProbabilities(Tensor targets, int classes) => Reduced(MeanFloorOnProbabilities(targets, classes), targets);

    /// <summary><see cref="FloorOnProbabilities"/> as a mean over the positions.</summary>
    protected virtual float MeanFloorOnProbabilities(Tensor targets, int classes) => float.NaN;

    /// <summary>The lowest loss reachable when every prediction lies in [<paramref name="low"/>, <paramref name="high"/>], or NaN when it does not apply.</summary>
    public float FloorWithin(Tensor targets, float low, float high) => Reduced(MeanFloorWithin(targets, low, high), targets);

    /// <summary><see cref="FloorWithin"/> as a mean over the positions.</summary>
    protected virtual float MeanFloorWithin(Tensor targets, float low, float high) => float.NaN;

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
    /// The mean of each of the last axis's <c>width</c> positions over all rows of <paramref name="targets"/>
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

    /// <summary>
    /// The best constant per output element for a loss that is the mean over elements of <paramref name="elementLoss"/>(c, t),
    /// convex in the prediction c and smallest near the target: for each position of the last axis, a golden-section
    /// search for c over [min t, max t] of that column (where the minimum of such a loss lies), then the mean loss.
    /// </summary>
    protected static float BestConstantPerElement(Tensor targets, Func<double, double, double> elementLoss)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(elementLoss);
        var (rows, width) = RowsOf(targets);
        if (rows == 0 || width == 0)
        {
            return 0f;
        }

        var values = targets.ReadOnlySpan;
        var column = new double[rows];
        double total = 0;
        for (int j = 0; j < width; j++)
        {
            for (int i = 0; i < rows; i++)
            {
                column[i] = values[(i * width) + j];
            }

            double ColumnLoss(double c)
            {
                double sum = 0;
                foreach (double t in column)
                {
                    sum += elementLoss(c, t);
                }

                return sum;
            }

            total += MinimizeConvex(ColumnLoss, column.Min(), column.Max());
        }

        return (float)(total / (rows * (double)width));
    }

    /// <summary>The minimum of a convex <paramref name="f"/> over [<paramref name="low"/>, <paramref name="high"/>], by golden-section search (to ~1e-12 of the interval).</summary>
    protected static double MinimizeConvex(Func<double, double> f, double low, double high)
    {
        ArgumentNullException.ThrowIfNull(f);
        double ratio = (Math.Sqrt(5) - 1) / 2;
        double a = low, b = high;
        double x1 = b - (ratio * (b - a)), x2 = a + (ratio * (b - a));
        double f1 = f(x1), f2 = f(x2);
        for (int k = 0; k < 60 && b - a > 0; k++)
        {
            if (f1 <= f2)
            {
                b = x2;
                x2 = x1;
                f2 = f1;
                x1 = b - (ratio * (b - a));
                f1 = f(x1);
            }
            else
            {
                a = x1;
                x1 = x2;
                f1 = f2;
                x2 = a + (ratio * (b - a));
                f2 = f(x2);
            }
        }

        return Math.Min(Math.Min(f1, f2), Math.Min(f(low), f(high)));
    }

    public static implicit operator Loss(string name) => Get(name);

    /// <summary>Every loss by its Keras names (the function names, their aliases, and the class names); each entry makes the loss from its settings.</summary>
    public static NameTable<Func<LossSettings, Loss>> Registry { get; } = new NameTable<Func<LossSettings, Loss>>("loss")
        .Add("mse", _ => new MeanSquaredError(), "mean_squared_error")
        .Add("mae", _ => new MeanAbsoluteError(), "mean_absolute_error")
        .Add("categorical_crossentropy", s => new CategoricalCrossentropy(s.FromLogits, s.LabelSmoothing ?? 0f))
        .Add("sparse_categorical_crossentropy", s => new SparseCategoricalCrossentropy(s.FromLogits))
        .Add("binary_crossentropy", s => new BinaryCrossentropy(s.FromLogits, s.LabelSmoothing ?? 0f))
        .Add("huber", s => new Huber(s.Delta ?? 1f), "huber_loss")
        .Add("log_cosh", _ => new LogCosh())
        .Add("kl_divergence", _ => new KLDivergence(), "kld", "kullback_leibler_divergence")
        .Add("poisson", _ => new Poisson())
        .Add("hinge", _ => new Hinge())
        .Add("squared_hinge", _ => new SquaredHinge())
        .Add("categorical_hinge", _ => new CategoricalHinge())
        .Add("mean_absolute_percentage_error", _ => new MeanAbsolutePercentageError(), "mape")
        .Add("mean_squared_logarithmic_error", _ => new MeanSquaredLogarithmicError(), "msle");

    /// <summary>The loss with a Keras identifier (<c>mse</c>, <c>categorical_crossentropy</c>, ...).</summary>
    public static Loss Get(string name, bool fromLogits = false) => Get(name, new LossSettings { FromLogits = fromLogits });

    /// <summary>
    /// The loss with a Keras identifier or class name, made with <paramref name="settings"/>. A setting the loss does not
    /// take (<c>label_smoothing</c> on <c>mse</c>, <c>delta</c> on anything but <c>huber</c>) throws; <c>from_logits</c> is
    /// ignored by the losses that do not take logits, as the command line's <c>--from-logits</c> applies to every output.
    /// </summary>
    public static Loss Get(string name, LossSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var loss = Registry.Get(name)(settings);
        if (settings.LabelSmoothing is float ls && ls != 0f && loss is not (CategoricalCrossentropy or BinaryCrossentropy))
        {
            throw new ArgumentException($"The loss '{loss.Name}' takes no label_smoothing (only categorical_crossentropy and binary_crossentropy do).");
        }

        if (settings.Delta is not null && loss is not Huber)
        {
            throw new ArgumentException($"The loss '{loss.Name}' takes no delta (only huber does).");
        }

        loss._reduction = settings.Reduction;
        return loss;
    }

    public override string ToString() => Name;
}
