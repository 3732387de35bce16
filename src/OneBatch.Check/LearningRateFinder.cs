using System.Diagnostics;
using OneBatch.Check.Training;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Check;

/// <summary>
/// The learning-rate range test (Smith 2017, "Cyclical Learning Rates for Training Neural Networks"; with fastai's
/// <c>lr_find</c> defaults) on the fixed batch: one training step per rate, the rates growing exponentially from
/// <see cref="LearningRateFinderOptions.StartLearningRate"/> to <see cref="LearningRateFinderOptions.EndLearningRate"/>
/// (<see cref="LearningRateFinderOptions.LearningRateAt"/>), the loss smoothed (<see cref="SmoothedLoss"/>), stopping
/// once the smoothed loss exceeds 4 times its minimum or is not finite; then fastai's suggestions
/// (<see cref="LearningRateSuggester"/>).
/// <code>
/// var result = LearningRateFinder.Run(SeedDemos.Regression(), new Adam());
/// var report = SingleBatchCheck.Run(SeedDemos.Regression(), new Adam(result.Recommended!.LearningRate));
/// </code>
/// The test trains a fresh optimizer of the given one's kind and settings (<see cref="Optimizer.CreateFresh"/>: its
/// state starts empty; only its learning rate changes from step to step) from the model's current weights, and puts
/// the weights back as they were, bit for bit, when it ends. The given optimizer is not touched. Layers run as in the
/// check (dropout off, trainable BatchNormalization on the batch's statistics).
/// </summary>
public static class LearningRateFinder
{
    /// <summary>Runs the test on a ready-made case (a seed demo, or a model and batch loaded from files).</summary>
    public static LearningRateFinderResult Run(CheckCase checkCase, Optimizer optimizer, LearningRateFinderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(checkCase);
        return Run(checkCase.Model, checkCase.Inputs, checkCase.Targets, checkCase.Loss, optimizer, options);
    }

    public static LearningRateFinderResult Run(Model model, Tensor x, Tensor y, Loss loss, Optimizer optimizer, LearningRateFinderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(loss);
        return Run(model, [x], [y], new CompiledLoss(loss), optimizer, options);
    }

    public static LearningRateFinderResult Run(
        Model model, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> targets, CompiledLoss loss, Optimizer optimizer, LearningRateFinderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        options ??= new LearningRateFinderOptions();
        options.Validate();
        SingleBatchCheck.ValidateBatch(inputs, targets, loss);
        var fresh = optimizer.CreateFresh(options.StartLearningRate)
            ?? throw new ArgumentException($"The optimizer {optimizer.Name} cannot make a fresh copy of itself (CreateFresh), which the range test trains.", nameof(optimizer));

        var clock = Stopwatch.StartNew();
        var step = new TrainStep(model, inputs, targets, loss, fresh);
        var initialWeights = model.GetWeights();
        var rates = new List<float>(options.NumSteps);
        var losses = new List<float>(options.NumSteps);
        var smoothedLosses = new List<float>(options.NumSteps);
        var stop = LearningRateStop.Completed;
        try
        {
            using var batchStatistics = BatchStatisticsScope.Enter(model.LayerGraph());
            var smoothing = new SmoothedLoss();
            float best = float.PositiveInfinity;
            for (int i = 0; i < options.NumSteps; i++)
            {
                float rate = options.LearningRateAt(i);
                fresh.LearningRate = rate;

                // The loss at the weights the earlier (lower) rates left, recorded against this step's rate, whose
                // update follows: fastai's record.
                float value = step.Forward();
                float smoothed = smoothing.Add(value);
                rates.Add(rate);
                losses.Add(value);
                smoothedLosses.Add(smoothed);
                if (StopAt(smoothed, ref best) is LearningRateStop reason)
                {
                    stop = reason;
                    break;
                }

                step.Backward();
                step.Update();
            }
        }
        finally
        {
            model.SetWeights(initialWeights);
        }

        return new LearningRateFinderResult
        {
            LearningRates = rates,
            Losses = losses,
            SmoothedLosses = smoothedLosses,
            NumSteps = options.NumSteps,
            StartLearningRate = options.StartLearningRate,
            EndLearningRate = options.EndLearningRate,
            StopReason = stop,
            Suggestions = LearningRateSuggester.Suggest(rates, smoothedLosses, options.NumSteps),
            Optimizer = optimizer.Name,
            Loss = loss.ToString(),
            Seed = options.Seed,
            Seconds = clock.Elapsed.TotalSeconds,
        };
    }

    /// <summary>
    /// The stop rule, after each step's smoothed loss: <see cref="LearningRateStop.NonFinite"/> once it is NaN or
    /// infinite; else, with <paramref name="best"/> lowered to it where it is lower (fastai updates the minimum first),
    /// <see cref="LearningRateStop.Diverged"/> once it exceeds 4 times that minimum; else null (go on).
    /// </summary>
    internal static LearningRateStop? StopAt(float smoothed, ref float best)
    {
        if (!float.IsFinite(smoothed))
        {
            return LearningRateStop.NonFinite;
        }

        best = Math.Min(best, smoothed);
        return smoothed > LearningRateFinderOptions.DivergenceFactor * best ? LearningRateStop.Diverged : null;
    }
}
