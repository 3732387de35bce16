using OneBatch.Check;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Regularizers;
using OneBatch.Tensors;
using OneBatch.Utils;

namespace OneBatch.Tests.Check;

/// <summary>Each component broken on its own, on the seed's classification MLP, and the isolation naming it.</summary>
public sealed class IsolationTests
{
    private static Sequential Mlp(int seed = 0, Regularizer? l2 = null, int classes = 3)
    {
        var layers = new Layer[]
        {
            new Dense(64, activation: "relu", inputShape: [10]),
            new Dense(32, activation: "relu"),
            new Dense(classes, activation: "softmax"),
        };
        foreach (var layer in layers)
        {
            layer.KernelRegularizer = l2;
        }

        return new Sequential(layers, seed);
    }

    private static (Tensor X, Tensor Y) Batch(int seed = 0, int samples = 32, int classes = 3)
    {
        var random = new RandomGenerator(seed);
        return (random.Uniform(new Shape(samples, 10)), Categorical.ToCategorical(random.Integers(new Shape(samples), 0, classes), classes));
    }

    private static (CheckReport Report, IsolationReport? Isolation) CheckAndIsolate(CheckCase checkCase, Func<Optimizer> optimizer, int maxSteps)
    {
        var options = new CheckOptions { MaxSteps = maxSteps };
        var isolation = new Isolation(checkCase, optimizer(), options);
        var report = SingleBatchCheck.Run(checkCase, optimizer(), options);
        return (report, isolation.Run(report));
    }

    [Fact]
    public void TargetsNoFunctionOfTheInputsExplainsPointAtTheData()
    {
        // 64 samples that share 4 distinct inputs but carry random labels: no model memorizes them.
        var random = new RandomGenerator(3);
        var distinct = random.Uniform(new Shape(4, 10)).ToArray();
        var x = new Tensor(new Shape(64, 10), Enumerable.Range(0, 64).SelectMany(n => distinct.Skip(n % 4 * 10).Take(10)).ToArray());
        var y = Categorical.ToCategorical(random.Integers(new Shape(64), 0, 3), 3);
        var (report, isolation) = CheckAndIsolate(new CheckCase("noise", Mlp(), x, y, new CategoricalCrossentropy()), () => new Adam(0.01f), 1500);

        Assert.False(report.Memorized);
        Assert.NotNull(isolation);
        Assert.Same(isolation, report.Isolation);
        Assert.Equal(Isolation.Data, isolation.Suspect);
        Assert.Equal(Isolation.Data, isolation.Variants[0].Component);
        Assert.True(isolation.Variants[0].Memorized);
        Assert.StartsWith("With a synthetic batch of the same shapes the model memorizes in", isolation.Summary, StringComparison.Ordinal);
        Assert.Contains("suspect the data", isolation.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void RmspropAtALearningRateOfTenPointsAtTheOptimizer()
    {
        var (x, y) = Batch();
        var (report, isolation) = CheckAndIsolate(new CheckCase("rmsprop", Mlp(), x, y, new CategoricalCrossentropy()), () => new RMSprop(10f), 3000);

        Assert.False(report.Memorized);
        Assert.Equal(Isolation.OptimizerComponent, isolation!.Suspect);
        Assert.Equal([Isolation.Data, Isolation.OptimizerComponent], isolation.Variants.Select(v => v.Component));
        Assert.False(isolation.Variants[0].Memorized);
        Assert.Equal("Adam at 0.001 instead of rmsprop at 10", isolation.Variants[1].Change);
        Assert.Contains("where your rmsprop at 10 does not: the optimizer settings are the cause", isolation.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadedWeightsOfAThousandPointAtTheWeights()
    {
        var (x, y) = Batch();
        var model = Mlp();
        var drawn = model.GetWeights();
        model.SetWeights(drawn.Select(w => w.Select(v => v == 0f ? 1e3f : v * 1e3f).ToArray()).ToArray());
        var checkCase = new CheckCase("big", model, x, y, new CategoricalCrossentropy()) { FreshWeights = drawn };
        var (report, isolation) = CheckAndIsolate(checkCase, () => new Adam(), 3000);

        Assert.False(report.Memorized);
        Assert.Equal(Isolation.Weights, isolation!.Suspect);
        Assert.Equal([Isolation.Data, Isolation.Weights], isolation.Variants.Select(v => v.Component));
        Assert.Contains("suspect the initial weights", isolation.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void AnL2OfAHundredPointsAtTheRegularization()
    {
        var (x, y) = Batch();
        var model = Mlp(l2: new L2(100f));
        var (report, isolation) = CheckAndIsolate(new CheckCase("l2", model, x, y, new CategoricalCrossentropy()), () => new Adam(0.01f), 1500);

        Assert.False(report.Memorized);
        Assert.Equal(Isolation.Regularization, isolation!.Suspect);
        Assert.Equal([Isolation.Data, Isolation.OptimizerComponent, Isolation.Regularization], isolation.Variants.Select(v => v.Component));
        Assert.Contains("regularization is too strong", isolation.Summary, StringComparison.Ordinal);

        // The regularizers are back once the isolation is done.
        Assert.All(model.Layers.OfType<Dense>(), d => Assert.NotNull(d.Kernel!.Regularizer));
    }

    [Fact]
    public void MeanSquaredErrorOnSoftmaxOutputsPointsAtTheLoss()
    {
        // Over 10 classes the mean-squared error's gradient through the softmax is too weak to memorize in 1,000 steps,
        // where categorical cross-entropy takes about 700.
        var (x, y) = Batch(classes: 10);
        var (report, isolation) = CheckAndIsolate(new CheckCase("mse", Mlp(classes: 10), x, y, new MeanSquaredError()), () => new Adam(), 1000);

        Assert.False(report.Memorized);
        Assert.Equal(Isolation.LossComponent, isolation!.Suspect);
        Assert.Equal(Isolation.LossComponent, isolation.Variants[^1].Component);
        Assert.All(isolation.Variants.SkipLast(1), v => Assert.False(v.Memorized));
        Assert.Equal("categorical_crossentropy (what the softmax output implies) instead of mean_squared_error", isolation.Variants[^1].Change);
    }

    [Fact]
    public void WhenNoChangeHelpsTheModelItselfIsTheSuspect()
    {
        // One ReLU unit between the input and three classes cannot separate 32 random labels.
        var model = new Sequential([new Dense(1, activation: "relu", inputShape: [10]), new Dense(3, activation: "softmax")], seed: 0);
        var (x, y) = Batch();
        var (report, isolation) = CheckAndIsolate(new CheckCase("narrow", model, x, y, new CategoricalCrossentropy()), () => new Adam(0.01f), 500);

        Assert.False(report.Memorized);
        Assert.Equal(IsolationReport.ModelSuspect, isolation!.Suspect);
        Assert.All(isolation.Variants, v => Assert.False(v.Memorized));
        Assert.Contains("suspect the model itself", isolation.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void AHealthyRunIsNotIsolated()
    {
        var (x, y) = Batch();
        var (report, isolation) = CheckAndIsolate(new CheckCase("ok", Mlp(), x, y, new CategoricalCrossentropy()), () => new Adam(0.01f), 2000);
        Assert.True(report.Memorized);
        Assert.Null(isolation);
        Assert.Null(report.Isolation);
    }

    [Fact]
    public void TheVariantsStartFromTheSameWeightsAndLeaveTheModelThere()
    {
        var (x, y) = Batch();
        var model = Mlp();
        var initial = model.GetWeights();
        var checkCase = new CheckCase("rmsprop", model, x, y, new CategoricalCrossentropy());
        var (_, isolation) = CheckAndIsolate(checkCase, () => new RMSprop(10f), 300);
        Assert.NotNull(isolation);
        Assert.Equal(initial, model.GetWeights());

        // The optimizer variant alone, run by hand from the same start, ends where the isolation's did.
        var again = SingleBatchCheck.Run(model, [x], [y], new CategoricalCrossentropy(), new Adam(), new CheckOptions { MaxSteps = 300 });
        Assert.Equal(again.FinalLoss, isolation.Variants[1].FinalLoss);
    }

    [Fact]
    public void AnExhaustedTimeBudgetSkipsTheRemainingVariants()
    {
        var (x, y) = Batch();
        var checkCase = new CheckCase("rmsprop", Mlp(), x, y, new CategoricalCrossentropy());
        var options = new CheckOptions { MaxSteps = 100 };
        var isolation = new Isolation(checkCase, new RMSprop(10f), options) { TimeBudget = TimeSpan.Zero };
        var report = SingleBatchCheck.Run(checkCase, new RMSprop(10f), options);
        var result = isolation.Run(report)!;
        Assert.Equal(IsolationVariant.SkippedVerdict, result.Variants[^1].Verdict);
        Assert.Equal(IsolationReport.ModelSuspect, result.Suspect);
    }

    [Fact]
    public void TheTimeBudgetStopsAVariantMidRun()
    {
        var model = new Sequential([new Dense(1, activation: "relu", inputShape: [10]), new Dense(3, activation: "softmax")], seed: 0);
        var (x, y) = Batch();
        var checkCase = new CheckCase("narrow", model, x, y, new CategoricalCrossentropy());
        var isolation = new Isolation(checkCase, new Adam(0.01f), new CheckOptions { MaxSteps = 10_000_000 }) { TimeBudget = TimeSpan.FromMilliseconds(200) };
        var report = SingleBatchCheck.Run(checkCase, new Adam(0.01f), new CheckOptions { MaxSteps = 100 });
        var result = isolation.Run(report)!;
        Assert.True(result.Seconds < 5, $"{result.Seconds} s");
        Assert.InRange(result.Variants[0].Steps, 1, 9_999_999);
    }
}
