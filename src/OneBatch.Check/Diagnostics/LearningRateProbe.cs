using OneBatch.Check.Training;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// Retrains briefly from the same initial weights, with a fresh optimizer of the same kind, at rates 10, 100, ...
/// times lower (or higher) than the run's, stopping a direction once a rate does no better than the best so far (going down, rates that still
/// diverge do not stop it).
/// The model's weights are put back as they were.
/// </summary>
internal static class LearningRateProbe
{
    /// <summary>Steps per probed rate (fewer if the run's limit is lower).</summary>
    public const int StepsPerRate = 300;

    /// <summary>Decades probed in each direction at most.</summary>
    public const int Decades = 4;

    public static LearningRateProbeResult? Run(
        Model model, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> targets, CompiledLoss loss, Optimizer optimizer, FixedBatchCache fixedBatch,
        IReadOnlyList<float[]> initialWeights, IReadOnlyList<(int Step, float Loss)> runCurve, int maxSteps, float targetLoss, bool down, bool up)
    {
        if ((!down && !up) || optimizer.LearningRate == 0f || optimizer.CreateFresh(optimizer.LearningRate) is null)
        {
            return null;
        }

        int steps = Math.Min(StepsPerRate, maxSteps);
        float runLoss = runCurve.LastOrDefault(p => p.Step <= steps).Loss;

        var finalWeights = model.GetWeights();
        var rates = new List<ProbedRate>();
        try
        {
            foreach (float factor in (float[])[0.1f, 10f])
            {
                if ((factor < 1f && !down) || (factor > 1f && !up))
                {
                    continue;
                }

                float best = float.PositiveInfinity;
                float rate = optimizer.LearningRate;
                for (int d = 0; d < Decades; d++)
                {
                    rate *= factor;
                    var probed = Train(model, inputs, targets, loss, optimizer.CreateFresh(rate)!, fixedBatch, initialWeights, steps, targetLoss);
                    rates.Add(probed);
                    Release(model);
                    if (probed.Loss < best)
                    {
                        best = probed.Loss;
                    }
                    else if (float.IsFinite(best) || factor > 1f)
                    {
                        // Going down, keep lowering past rates that still diverge; otherwise stop at the first that does no better.
                        break;
                    }
                }
            }
        }
        finally
        {
            model.SetWeights(finalWeights);
        }

        return new LearningRateProbeResult(steps, runLoss, rates);
    }

    // Each probe leaves a whole optimizer's state and a step's gradients behind (Adam: 12 bytes per weight), in the
    // large-object heap, which only a full collection frees: four probes of a big model then held four times that at
    // once. Past a few million weights a full collection (milliseconds) is cheap beside a probe's training.
    private static void Release(Model model)
    {
        if (model.CountParams() >= ReleaseMinWeights)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
        }
    }

    private const long ReleaseMinWeights = 1L << 22;

    private static ProbedRate Train(
        Model model, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> targets, CompiledLoss loss, Optimizer optimizer, FixedBatchCache fixedBatch,
        IReadOnlyList<float[]> initialWeights, int steps, float targetLoss)
    {
        model.SetWeights(initialWeights);
        var step = new TrainStep(model, inputs, targets, loss, optimizer, fixedBatch);
        float value = step.Forward();
        int done = 0;
        while (done < steps && float.IsFinite(value) && value >= targetLoss)
        {
            step.Backward();
            step.Update();
            done++;
            value = step.Forward();
        }

        return new ProbedRate(optimizer.LearningRate, value, done);
    }
}
