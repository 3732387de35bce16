using System.Diagnostics;
using OneBatch.Check.Diagnostics;
using OneBatch.Kernels;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Check;

/// <summary>
/// The single-batch check: train a model on one fixed batch until it has memorized it, and say why when it cannot.
/// <code>
/// var report = SingleBatchCheck.Run(model, x, y, loss: "mse", optimizer: new Adam(0.001f));
/// if (!report.Memorized) foreach (var d in report.Diagnoses) Console.WriteLine($"{d.Code}: {d.Message}");
/// </code>
/// The model is trained in place. The batch is never shuffled, and layers run as in inference (dropout off), except
/// that BatchNormalization layers normalize with the statistics of the batch.
/// </summary>
public static class SingleBatchCheck
{
    public static CheckReport Run(Sequential model, Tensor x, Tensor y, Loss loss, Optimizer optimizer, CheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        options ??= new CheckOptions();
        options.Validate();
        ValidateBatch(x, y);
        using var batchStatistics = BatchStatisticsScope.Enter(model);

        var notes = new List<string>();
        if (batchStatistics.Count > 0)
        {
            notes.Add("BatchNormalization layers used the statistics of the batch during the check.");
        }

        if (model.AllLayers().Any(l => l is Dropout))
        {
            notes.Add("Dropout layers ran as in inference (off) during the check.");
        }

        float target = options.TargetLoss ?? TargetPolicy.TargetFor(loss, y);
        var curve = new LossCurve();
        var step = new TrainStep(model, x, y, loss, optimizer);
        var recorder = new RunRecorder(model);
        int? nonFiniteStep = null;
        var trainable = model.TrainableVariables;

        var total = Stopwatch.StartNew();
        var clock = Stopwatch.StartNew();
        float initialLoss = step.Forward();
        clock.Stop();
        var firstStep = clock.Elapsed;
        float lossValue = initialLoss;
        int steps = 0;
        int? memorizedAt = null;
        float? accuracy = null;
        int lastChange = 0;
        bool stalled = false;
        while (true)
        {
            float previousLoss = steps == 0 ? lossValue : curve.LastLoss;
            curve.Add(steps, lossValue);
            if (!float.IsFinite(lossValue))
            {
                nonFiniteStep = steps;
                break;
            }

            bool memorized = lossValue < target && (!loss.IsClassification || Accuracy(loss, step.Predictions!, y) == 1f);
            if (memorized)
            {
                memorizedAt ??= steps;
            }

            if (lossValue != previousLoss)
            {
                lastChange = steps;
            }

            stalled = !memorized && options.EarlyStop && steps - lastChange >= options.StallSteps;
            // With nothing to train, the loss at step 0 is the verdict.
            if ((memorized && options.EarlyStop) || steps == options.MaxSteps || stalled || trainable.Count == 0)
            {
                if (loss.IsClassification)
                {
                    accuracy = Accuracy(loss, step.Predictions!, y);
                }

                if (!memorized)
                {
                    memorizedAt = null;
                }

                break;
            }

            // The clock covers the training work (backward, update, forward) of every step; the verdict's bookkeeping
            // between steps stays off it. The first step also compiles the code it runs, so it is kept apart.
            clock.Start();

            step.Backward();
            if (recorder.Monitor.Due(steps))
            {
                // Sampling the per-layer statistics is diagnosis work, not training: keep it off the step clock.
                bool timing = clock.IsRunning;
                clock.Stop();
                recorder.Monitor.Sample(steps, step.Gradients);
                if (timing)
                {
                    clock.Start();
                }
            }

            step.Update();
            steps++;
            lossValue = step.Forward();
            clock.Stop();
            if (steps == 1)
            {
                firstStep = clock.Elapsed;
            }
            if (options.Progress is { } progress && steps % options.ProgressEvery == 0)
            {
                progress(new CheckProgress(steps, options.MaxSteps, lossValue));
            }
        }

        if (stalled)
        {
            notes.Add($"The loss had not changed at all for {options.StallSteps} steps, so the run stopped at step {steps} instead of {options.MaxSteps}: training had stalled.");
        }

        bool ok = memorizedAt is not null && float.IsFinite(lossValue);
        if (nonFiniteStep is null && recorder.Monitor.LastSampledStep != steps)
        {
            if (trainable.Count > 0)
            {
                step.Backward();
            }

            recorder.Monitor.Sample(steps, trainable.Count > 0 ? step.Gradients : []);
        }

        var evidence = EvidenceGatherer.Gather(recorder, model, x, y, loss, optimizer, new EvidenceGatherer.RunOutcome(
            ok, steps, options.MaxSteps, initialLoss, lossValue, target, nonFiniteStep,
            nonFiniteStep is null ? step.Predictions?.Clone() : null, curve.ToList()));
        var diagnoses = ok ? [] : DiagnosisRules.Diagnose(evidence);
        if (InitialLossRemark.For(loss, initialLoss, evidence.Predictions?.Shape.Last ?? 0) is string remark)
        {
            notes.Add(remark);
        }

        total.Stop();
        return new CheckReport
        {
            Verdict = ok ? CheckReport.MemorizedVerdict : CheckReport.NotMemorizedVerdict,
            Diagnoses = diagnoses,
            Notes = notes,
            Steps = steps,
            MaxSteps = options.MaxSteps,
            MemorizedAtStep = memorizedAt,
            InitialLoss = initialLoss,
            FinalLoss = lossValue,
            TargetLoss = target,
            Accuracy = accuracy,
            Task = loss.IsClassification ? "classification" : "regression",
            Loss = loss.Name,
            Optimizer = optimizer.Name,
            LearningRate = optimizer.LearningRate,
            Seed = options.Seed,
            BatchSize = x.Shape[0],
            Parameters = model.CountParams(),
            MicrosecondsPerStep = steps > 1 ? (clock.Elapsed - firstStep).TotalMicroseconds / (steps - 1) : firstStep.TotalMicroseconds,
            Seconds = total.Elapsed.TotalSeconds,
            LossCurve = evidence.LossCurve,
            Layers = EvidenceGatherer.Table(evidence.Layers),
            Evidence = evidence,
        };
    }

    /// <summary>
    /// The share of samples classified right: argmax of prediction against argmax of a one-hot target or an integer
    /// label; for a single output (binary), the prediction's side of 0.5 (of 0 for logits) against the target's.
    /// </summary>
    public static float Accuracy(Loss loss, Tensor predictions, Tensor y)
    {
        int classes = predictions.Shape.Last;
        int rows = predictions.Size / Math.Max(1, classes);
        var p = predictions.ReadOnlySpan;
        var t = y.ReadOnlySpan;
        bool sparse = loss is SparseCategoricalCrossentropy;
        if (rows == 0)
        {
            return 1f;
        }

        int right = 0;
        if (loss is BinaryCrossentropy)
        {
            float threshold = loss.FromLogits ? 0f : 0.5f;
            for (int i = 0; i < p.Length; i++)
            {
                right += (p[i] > threshold) == (t[i] > 0.5f) ? 1 : 0;
            }

            return right / (float)p.Length;
        }

        for (int r = 0; r < rows; r++)
        {
            int predicted = TensorPrimitives.IndexOfMax(p.Slice(r * classes, classes));
            int expected = sparse ? (int)t[r] : TensorPrimitives.IndexOfMax(t.Slice(r * classes, classes));
            right += predicted == expected ? 1 : 0;
        }

        return right / (float)rows;
    }

    private static void ValidateBatch(Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Rank < 1 || x.Shape[0] == 0)
        {
            throw new ArgumentException($"The batch x is empty (shape {x.Shape}).");
        }

        if (y.Rank < 1 || y.Shape[0] != x.Shape[0])
        {
            throw new ArgumentException($"x holds {x.Shape[0]} samples but y has shape {y.Shape}: their batch sizes differ.");
        }

        if (!Elementwise.AllFinite(x.ReadOnlySpan))
        {
            throw new ArgumentException("The batch x contains NaN or infinite values.");
        }

        if (!Elementwise.AllFinite(y.ReadOnlySpan))
        {
            throw new ArgumentException("The targets y contain NaN or infinite values.");
        }
    }
}
