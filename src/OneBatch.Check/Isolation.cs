using System.Diagnostics;
using System.Globalization;
using OneBatch.Check.Diagnostics;
using OneBatch.Constraints;
using OneBatch.Losses;
using OneBatch.Optimizers;
using OneBatch.Regularizers;
using OneBatch.Tensors;

namespace OneBatch.Check;

/// <summary>
/// The seed's "systematically isolating different components", done for the user when a check fails: from the same
/// initial weights, short runs that each change one component back to a known-good one, in this order:
/// <list type="number">
/// <item><c>data</c>: the user's model, loss and optimizer on a synthetic batch of the same shapes (given batches only);</item>
/// <item><c>optimizer</c>: the user's batch with Adam at its default rate (unless that is what ran);</item>
/// <item><c>weights</c>: weights drawn from the model's config instead of the given ones (given weights only);</item>
/// <item><c>regularization</c>: regularizers and constraints off (models that have any);</item>
/// <item><c>loss</c>: the loss the output activation implies, where it differs (softmax: categorical cross-entropy;
/// sigmoid: binary cross-entropy).</item>
/// </list>
/// The first change that makes the batch memorizable names the likely component; when none does, the model itself is
/// the suspect. Create it before the check trains the model (it keeps the initial weights), then <see cref="Run"/> it
/// on the failed report:
/// <code>
/// var isolation = new Isolation(checkCase, optimizer, options);
/// var report = SingleBatchCheck.Run(checkCase, optimizer, options);
/// isolation.Run(report);   // sets report.Isolation when the check failed
/// </code>
/// </summary>
public sealed class Isolation
{
    public const string Data = "data";
    public const string OptimizerComponent = "optimizer";
    public const string Weights = "weights";
    public const string Regularization = "regularization";
    public const string LossComponent = "loss";

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    private readonly CheckCase _case;
    private readonly Optimizer _optimizer;
    private readonly CheckOptions _options;
    private readonly float[][] _initialWeights;
    private long _deadline = long.MaxValue;

    /// <summary>Keeps <paramref name="checkCase"/>'s model's weights as they are now: the start every variant retrains from.</summary>
    public Isolation(CheckCase checkCase, Optimizer optimizer, CheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(checkCase);
        ArgumentNullException.ThrowIfNull(optimizer);
        _case = checkCase;
        _optimizer = optimizer;
        _options = options ?? new CheckOptions();
        _initialWeights = checkCase.Model.GetWeights();
    }

    /// <summary>
    /// The isolation's wall-time limit: a variant running when it passes stops there (not memorized), and the variants
    /// not yet run are skipped (and reported so).
    /// </summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Isolates the cause of <paramref name="failed"/> (the check of this case), sets its <see cref="CheckReport.Isolation"/>
    /// and returns it; null when the batch was memorized or no variant applies. The model is left at its initial weights.
    /// </summary>
    public IsolationReport? Run(CheckReport failed)
    {
        ArgumentNullException.ThrowIfNull(failed);
        if (failed.Memorized)
        {
            return null;
        }

        var plans = Plans();
        if (plans.Count == 0)
        {
            return null;
        }

        var clock = Stopwatch.StartNew();
        _deadline = Stopwatch.GetTimestamp() + (long)Math.Min(TimeBudget.TotalSeconds * Stopwatch.Frequency, long.MaxValue / 2);
        var variants = new List<IsolationVariant>();
        var reports = new List<CheckReport?>();
        try
        {
            foreach (var plan in plans)
            {
                if (clock.Elapsed > TimeBudget)
                {
                    variants.Add(new IsolationVariant(plan.Component, plan.Change, IsolationVariant.SkippedVerdict, 0, float.NaN, 0));
                    reports.Add(null);
                    continue;
                }

                var report = plan.Run();
                variants.Add(new IsolationVariant(plan.Component, plan.Change, report.Verdict, report.Steps, report.FinalLoss, report.Seconds));
                reports.Add(report);
            }
        }
        finally
        {
            _case.Model.SetWeights(_initialWeights);
        }

        clock.Stop();
        int first = variants.FindIndex(v => v.Memorized);
        var isolation = new IsolationReport
        {
            Variants = variants,
            Suspect = first < 0 ? IsolationReport.ModelSuspect : variants[first].Component,
            Summary = first < 0 ? NoneHelped(variants) : plans[first].Explain(reports[first]!),
            Seconds = clock.Elapsed.TotalSeconds,
        };
        failed.Isolation = isolation;
        return isolation;
    }

    /// <summary>The components this case's isolation would change, in order.</summary>
    public IReadOnlyList<string> Components => Plans().Select(p => p.Component).ToArray();

    private sealed record Plan(string Component, string Change, Func<CheckReport> Run, Func<CheckReport, string> Explain);

    private List<Plan> Plans()
    {
        var plans = new List<Plan>();
        var model = _case.Model;
        int batchSize = _case.Inputs[0].Shape[0];
        if (!_case.Synthetic)
        {
            SyntheticBatch? batch = null;
            try
            {
                batch = SyntheticBatch.For(model, _case.Loss, batchSize, new RandomGenerator(_options.Seed));
            }
            catch (ArgumentException)
            {
                // A model no batch can be made for (no input shape yet) simply has no data variant.
            }

            if (batch is not null)
            {
                plans.Add(new Plan(Data, "a synthetic batch of the same shapes", () => Train(batch.Inputs, batch.Targets, _case.Loss, UserOptimizer(), _initialWeights, _options.TargetLoss),
                    r => string.Create(C,
                        $"With a synthetic batch of the same shapes the model memorizes in {r.MemorizedAtStep} steps, so the model, loss and optimizer can learn: suspect the data (targets that do not follow from the inputs, identical inputs with different targets, or inputs or targets far from unit scale).")));
            }
        }

        if (!_optimizer.HasSameSettings(new Adam()))
        {
            string yours = Describe(_optimizer);
            plans.Add(new Plan(OptimizerComponent, $"Adam at 0.001 instead of {yours}", () => Train(_case.Inputs, _case.Targets, _case.Loss, new Adam(), _initialWeights, _options.TargetLoss),
                r => string.Create(C, $"With the same batch, Adam at 0.001 memorizes in {r.MemorizedAtStep} steps where your {yours} does not: the optimizer settings are the cause.")));
        }

        if (_case.FreshWeights is { } fresh)
        {
            var weights = fresh.ToArray();
            plans.Add(new Plan(Weights, "weights drawn from the model's config instead of the given ones", () => Train(_case.Inputs, _case.Targets, _case.Loss, UserOptimizer(), weights, _options.TargetLoss),
                r => string.Create(C, $"From weights drawn from the model's config the model memorizes in {r.MemorizedAtStep} steps where the given weights do not: suspect the initial weights.")));
        }

        if (HasRegularization())
        {
            plans.Add(new Plan(Regularization, "regularizers and constraints off", () => WithoutRegularization(() => Train(_case.Inputs, _case.Targets, _case.Loss, UserOptimizer(), _initialWeights, _options.TargetLoss)),
                r => string.Create(C, $"With the regularizers and constraints off the model memorizes in {r.MemorizedAtStep} steps: the regularization is too strong for memorizing this batch.")));
        }

        if (ImpliedLoss() is var (loss, change))
        {
            plans.Add(new Plan(LossComponent, change, () => Train(_case.Inputs, _case.Targets, loss, UserOptimizer(), _initialWeights, null),
                r => string.Create(C, $"With {change}, the model memorizes in {r.MemorizedAtStep} steps: suspect the loss, which does not fit the output activation.")));
        }

        return plans;
    }

    private static string NoneHelped(IReadOnlyList<IsolationVariant> variants)
    {
        var tried = variants.Where(v => v.Verdict != IsolationVariant.SkippedVerdict).Select(v => v.Change).ToArray();
        string skipped = variants.Any(v => v.Verdict == IsolationVariant.SkippedVerdict) ? " (the time budget cut the others short)" : string.Empty;
        return tried.Length == 0
            ? $"The isolation ran out of time before any variant{skipped}."
            : $"Neither {string.Join(", nor ", tried)} made the batch memorizable{skipped}: suspect the model itself (see the diagnoses).";
    }

    private CheckReport Train(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> targets, CompiledLoss loss, Optimizer optimizer, float[][] weights, float? targetLoss)
    {
        _case.Model.SetWeights(weights);
        return SingleBatchCheck.Run(_case.Model, inputs, targets, loss, optimizer, new CheckOptions
        {
            MaxSteps = _options.MaxSteps,
            EarlyStop = true,
            TargetLoss = targetLoss,
            Seed = _options.Seed,
            StallSteps = _options.StallSteps,
            Diagnose = false,
            Deadline = _deadline,
        });
    }

    // The user's optimizer again, with its settings but none of the state the check gave it.
    private Optimizer UserOptimizer() =>
        _optimizer.CreateFresh(_optimizer.LearningRate) ?? Optimizer.Get(_optimizer.Name, _optimizer.LearningRate);

    private static string Describe(Optimizer optimizer) => string.Create(C, $"{optimizer.Name} at {optimizer.LearningRate:G3}");

    private bool HasRegularization() =>
        _case.Model.Weights.Any(w => w.Regularizer is not null || w.Constraint is not null)
        || _case.Model.AllLayers().Any(l => l.ActivityRegularizer is not null);

    private CheckReport WithoutRegularization(Func<CheckReport> run)
    {
        var weights = _case.Model.Weights;
        var kept = weights.Select(w => (w.Regularizer, w.Constraint)).ToArray();
        var layers = _case.Model.AllLayers().ToArray();
        var activity = layers.Select(l => l.ActivityRegularizer).ToArray();
        try
        {
            foreach (var w in weights)
            {
                w.Regularizer = null;
                w.Constraint = null;
            }

            foreach (var l in layers)
            {
                l.ActivityRegularizer = null;
            }

            return run();
        }
        finally
        {
            for (int i = 0; i < weights.Count; i++)
            {
                (Regularizer? r, Constraint? c) = kept[i];
                weights[i].Regularizer = r;
                weights[i].Constraint = c;
            }

            for (int i = 0; i < layers.Length; i++)
            {
                layers[i].ActivityRegularizer = activity[i];
            }
        }
    }

    // The loss each output's activation implies where the user's differs and the targets fit it: probabilities from a
    // softmax go with categorical cross-entropy, from a sigmoid with binary cross-entropy.
    private (CompiledLoss Loss, string Change)? ImpliedLoss()
    {
        var graph = _case.Model.LayerGraph();
        var losses = _case.Loss.Losses.ToArray();
        var changes = new List<string>();
        for (int o = 0; o < losses.Length; o++)
        {
            var current = losses[o];
            var activation = EvidenceGatherer.ActivationOf(graph.OutputCalls[o])?.Name;
            Loss[] candidates = activation switch
            {
                "softmax" when current is CategoricalCrossentropy or SparseCategoricalCrossentropy && !current.FromLogits => [],
                "softmax" => [new CategoricalCrossentropy(), new SparseCategoricalCrossentropy()],
                "sigmoid" when current is BinaryCrossentropy && !current.FromLogits => [],
                "sigmoid" => [new BinaryCrossentropy()],
                _ => [],
            };
            var fits = candidates.FirstOrDefault(l => l.CheckTargets(_case.Model.OutputShapes[o], _case.Targets[o], "The targets") is null);
            if (fits is null)
            {
                continue;
            }

            string what = losses.Length == 1 ? string.Empty : $" for '{_case.Model.OutputNames[o]}'";
            changes.Add($"{fits.Name}{what} (what the {activation} output implies) instead of {current.Name}{(current.FromLogits ? " from logits" : string.Empty)}");
            losses[o] = fits;
        }

        return changes.Count == 0 ? null : (new CompiledLoss(losses, _case.Loss.Weights), string.Join("; ", changes));
    }
}
