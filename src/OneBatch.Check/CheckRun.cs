using System.Diagnostics;
using OneBatch.Check.Diagnostics;
using OneBatch.Check.Training;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Check;

/// <summary>
/// One run of the single-batch check: the training loop with its stop rules (memorized, not finite, stalled, the
/// step limit), then the evidence, the diagnoses and the report.
/// </summary>
internal sealed class CheckRun
{
    private readonly Model _model;
    private readonly IReadOnlyList<Tensor> _inputs;
    private readonly IReadOnlyList<Tensor> _targets;
    private readonly CompiledLoss _loss;
    private readonly Optimizer _optimizer;
    private readonly CheckOptions _options;
    private readonly List<string> _notes;
    private readonly float[] _outputTargets;
    private readonly LossCurve _curve = new();

    // Outputs a structural rule finds unable to fit their targets: they never count as memorized.
    private bool[] _unfit = [];

    /// <summary>The steps a run trains once a structural rule has found an output that cannot fit its loss: enough for the curve and gradients that confirm it.</summary>
    internal const int StructuralConfirmSteps = 300;

    public CheckRun(Model model, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> targets, CompiledLoss loss, Optimizer optimizer, CheckOptions options, IReadOnlyList<string> notes)
    {
        _model = model;
        _inputs = inputs;
        _targets = targets;
        _loss = loss;
        _optimizer = optimizer;
        _options = options;
        _notes = [.. notes];
        _outputTargets = new float[loss.Count];
        for (int o = 0; o < loss.Count; o++)
        {
            _outputTargets[o] = options.TargetLoss ?? TargetPolicy.TargetFor(loss.Losses[o], targets[o]);
        }
    }

    /// <summary>True when the batch was made from the model's shapes, carried into the report.</summary>
    public bool Synthetic { get; init; }

    /// <summary>
    /// True when the initial weights were read from a file rather than drawn: the model may be trained already, so a loss
    /// at step 0 far below an untrained model's says nothing about the data.
    /// </summary>
    public bool GivenWeights { get; init; }

    /// <summary>Where the settings came from, carried into the report.</summary>
    public IReadOnlyList<SettingSource> Settings { get; init; } = [];

    /// <summary>The total loss under which the batch counts as memorized: the weighted sum of the outputs' targets.</summary>
    private float TotalTarget
    {
        get
        {
            double total = 0;
            for (int o = 0; o < _outputTargets.Length; o++)
            {
                total += _loss.Weights[o] * _outputTargets[o];
            }

            return (float)total;
        }
    }

    public CheckReport Execute()
    {
        var total = Stopwatch.StartNew();
        var step = new TrainStep(_model, _inputs, _targets, _loss, _optimizer);
        var recorder = new RunRecorder(_model);
        using var batchStatistics = BatchStatisticsScope.Enter(recorder.Graph);
        AddModelNotes(recorder.Graph, batchStatistics);
        _unfit = Unfit(recorder.Graph);

        var loop = Train(step, recorder);
        var evidence = EvidenceGatherer.Gather(recorder, _model, _inputs, _targets, _loss, _optimizer, step.FixedBatch, new EvidenceGatherer.RunOutcome(
            loop.Memorized, loop.Steps, _options.MaxSteps, loop.InitialLoss, loop.FinalLoss, TotalTarget, loop.NonFiniteStep, loop.Outputs, _curve.ToList()), _options.Diagnose);
        var diagnoses = loop.Memorized || !_options.Diagnose ? [] : DiagnosisRules.Diagnose(evidence);
        for (int o = 0; o < (GivenWeights ? 0 : evidence.Outputs.Count); o++)
        {
            // A structural mismatch explains the loss at step 0; the remark's guesses (initial weights, inputs) would mislead.
            var output = evidence.Outputs[o];
            if (_unfit[o])
            {
                continue;
            }

            int classes = output.Predictions is { Rank: > 0 } p ? p.Shape.Last : 0;
            if (InitialLossRemark.For(output.Loss, output.InitialLoss, classes, evidence.Outputs.Count > 1 ? output.Name : null) is string remark)
            {
                _notes.Add(remark);
            }
        }

        total.Stop();
        var outputs = Enumerable.Range(0, _loss.Count).Select(o => new OutputReport
        {
            Name = evidence.Outputs[o].Name,
            Loss = _loss.Losses[o].Name,
            Weight = _loss.Weights[o],
            InitialLoss = loop.Outputs[o].InitialLoss,
            FinalLoss = loop.Outputs[o].FinalLoss,
            TargetLoss = _outputTargets[o],
            Accuracy = loop.Accuracies[o],
            Memorized = loop.OutputMemorized[o],
        }).ToArray();
        var accuracies = outputs.Where(o => o.Accuracy is not null && o.Weight > 0f).Select(o => o.Accuracy!.Value).ToArray();
        bool classification = _loss.Losses.Any(l => l.IsClassification);
        return new CheckReport
        {
            Verdict = loop.Memorized ? CheckReport.MemorizedVerdict : CheckReport.NotMemorizedVerdict,
            Diagnoses = diagnoses,
            Notes = _notes,
            Steps = loop.Steps,
            MaxSteps = _options.MaxSteps,
            MemorizedAtStep = loop.MemorizedAt,
            InitialLoss = loop.InitialLoss,
            FinalLoss = loop.FinalLoss,
            InitialDataLoss = loop.InitialDataLoss,
            FinalDataLoss = loop.FinalDataLoss,
            InitialPenalty = loop.InitialPenalty,
            FinalPenalty = loop.FinalPenalty,
            TargetLoss = TotalTarget,
            Accuracy = accuracies.Length == 0 ? null : accuracies.Min(),
            Task = classification ? "classification" : "regression",
            Loss = _loss.ToString(),
            Optimizer = _optimizer.Name,
            LearningRate = _optimizer.LearningRate,
            Seed = _options.Seed,
            BatchSize = _inputs[0].Shape[0],
            Parameters = _model.CountParams(),
            MicrosecondsPerStep = loop.MicrosecondsPerStep,
            Seconds = total.Elapsed.TotalSeconds,
            LossCurve = evidence.LossCurve,
            Outputs = outputs,
            Layers = evidence.Layers.Select(LayerReport.From).ToArray(),
            Evidence = evidence,
            Synthetic = Synthetic,
            Settings = Settings,
            OptimizerConfig = OptimizerConfigOf(_optimizer),
        };
    }

    private bool[] Unfit(LayerGraph graph)
    {
        var names = _model.OutputNames;
        var unfit = new bool[_loss.Count];
        for (int o = 0; o < unfit.Length; o++)
        {
            var structure = new OutputStructure(
                names[o], _loss.Losses[o], EvidenceGatherer.ActivationOf(graph.OutputCalls[o])?.Name, EvidenceGatherer.WidthOf(_model.OutputShapes[o]), _targets[o]);
            unfit[o] = DiagnosisRules.Structural.Any(r => r.Finds(structure));
        }

        return unfit;
    }

    private static IReadOnlyList<KeyValuePair<string, object?>> OptimizerConfigOf(Optimizer optimizer) =>
        optimizer.GetConfig();

    private void AddModelNotes(LayerGraph graph, BatchStatisticsScope batchStatistics)
    {
        if (batchStatistics.Count > 0)
        {
            _notes.Add("BatchNormalization layers used the statistics of the batch during the check.");
        }

        if (batchStatistics.Frozen > 0)
        {
            _notes.Add($"{batchStatistics.Frozen} frozen BatchNormalization layer(s) used their moving statistics, as Keras runs frozen ones.");
        }

        var stateful = graph.Calls.Select(c => c.Layer).Where(l => l is RecurrentLayer { Stateful: true } or Bidirectional { Stateful: true }).Distinct().ToArray();
        if (stateful.Length > 0)
        {
            _notes.Add($"Stateful recurrent layers ({string.Join(", ", stateful.Select(l => $"'{l.Name}'"))}) were checked as stateless: every step starts from zero states, so the batch stays the same problem.");
        }

        var trainingOnly = graph.Calls.Select(c => c.Layer).Where(l => l.ActsOnlyInTraining).Distinct().ToArray();
        if (trainingOnly.Length > 0)
        {
            var kinds = trainingOnly.Select(l => l.ClassName).Distinct().ToArray();
            _notes.Add(kinds is ["Dropout"]
                ? "Dropout layers ran as in inference (off) during the check."
                : $"Layers that act only in training ran as in inference (off) during the check, so the batch stays fixed: {string.Join(", ", trainingOnly.Take(6).Select(l => $"'{l.Name}' ({l.ClassName})"))}{(trainingOnly.Length > 6 ? ", ..." : string.Empty)}.");
        }
    }

    private sealed record LoopResult(
        bool Memorized, int Steps, int? MemorizedAt, float InitialLoss, float FinalLoss, int? NonFiniteStep,
        EvidenceGatherer.OutputOutcome[] Outputs, float?[] Accuracies, bool[] OutputMemorized, double MicrosecondsPerStep)
    {
        public float InitialDataLoss { get; init; }

        public float FinalDataLoss { get; init; }

        public float InitialPenalty { get; init; }

        public float FinalPenalty { get; init; }
    }

    private LoopResult Train(TrainStep step, RunRecorder recorder)
    {
        var trainable = step.Variables;
        var clock = Stopwatch.StartNew();
        float initialLoss = step.Forward();
        clock.Stop();
        var firstStep = clock.Elapsed;
        var initialOutputs = OutputLosses(step);
        float initialDataLoss = step.DataLoss, initialPenalty = step.Penalty;
        float lossValue = initialLoss;
        int steps = 0;
        int? memorizedAt = null;
        int? nonFiniteStep = null;
        int lastChange = 0;
        bool stalled = false;
        bool memorized = false;
        while (true)
        {
            float previousLoss = steps == 0 ? lossValue : _curve.LastLoss;
            _curve.Add(steps, lossValue);
            if (!float.IsFinite(lossValue))
            {
                nonFiniteStep = steps;
                memorized = false;
                break;
            }

            memorized = AllMemorized(step);
            if (memorized)
            {
                memorizedAt ??= steps;
            }

            if (lossValue != previousLoss)
            {
                lastChange = steps;
            }

            stalled = !memorized && _options.EarlyStop && steps - lastChange >= _options.StallSteps;

            // With nothing to train, the loss at step 0 is the verdict; an output that cannot fit its loss (known before
            // training) needs only enough steps for the run's evidence to confirm it.
            bool confirmed = _options.EarlyStop && steps >= StructuralConfirmSteps && Array.IndexOf(_unfit, true) >= 0;
            if ((memorized && _options.EarlyStop) || steps == _options.MaxSteps || stalled || confirmed || trainable.Count == 0
                || (_options.Deadline is long deadline && Stopwatch.GetTimestamp() > deadline))
            {
                break;
            }

            // The clock covers the training work (backward, update, forward) of every step; the verdict's bookkeeping
            // between steps stays off it. The first step also compiles the code it runs, so it is kept apart.
            clock.Start();
            step.Backward();
            if (recorder.Monitor.Due(steps))
            {
                // Sampling the per-layer statistics is diagnosis work, not training: keep it off the step clock.
                clock.Stop();
                recorder.Monitor.Sample(steps, step.Gradients);
                clock.Start();
            }

            step.Update();
            steps++;
            lossValue = step.Forward();
            clock.Stop();
            if (steps == 1)
            {
                firstStep = clock.Elapsed;
            }

            if (_options.Progress is { } progress && steps % _options.ProgressEvery == 0)
            {
                progress(new CheckProgress(steps, _options.MaxSteps, lossValue));
            }
        }

        if (stalled)
        {
            _notes.Add($"The loss had not changed at all for {_options.StallSteps} steps, so the run stopped at step {steps} instead of {_options.MaxSteps}: training had stalled.");
        }

        if (nonFiniteStep is null && recorder.Monitor.LastSampledStep != steps)
        {
            if (trainable.Count > 0)
            {
                step.Backward();
            }

            recorder.Monitor.Sample(steps, trainable.Count > 0 ? step.Gradients : []);
        }

        bool finite = nonFiniteStep is null;
        var finalOutputs = OutputLosses(step);
        var outcomes = new EvidenceGatherer.OutputOutcome[_loss.Count];
        var accuracies = new float?[_loss.Count];
        var outputMemorized = new bool[_loss.Count];
        for (int o = 0; o < outcomes.Length; o++)
        {
            outcomes[o] = new EvidenceGatherer.OutputOutcome(initialOutputs[o], finalOutputs[o], _outputTargets[o], finite ? step.Outputs[o].Clone() : null);
            accuracies[o] = finite ? _loss.Losses[o].Accuracy(step.Outputs[o], _targets[o], step.OutputMasks[o]) : null;
            outputMemorized[o] = finite && OutputMemorized(step, o);
        }

        memorized &= finite;
        double perStep = steps > 1 ? (clock.Elapsed - firstStep).TotalMicroseconds / (steps - 1) : firstStep.TotalMicroseconds;
        if (!memorized && finite && step.HasPenalty && step.Penalty >= 0.5f * lossValue)
        {
            _notes.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"The regularizers' penalty is {100f * step.Penalty / lossValue:F0}% of the final loss ({step.Penalty:G3} of {lossValue:G3}): memorized is judged on the data loss ({step.DataLoss:G3}), which strong regularization can keep above the target."));
        }

        return new LoopResult(
            memorized, steps, memorized ? memorizedAt : null, initialLoss, lossValue, nonFiniteStep, outcomes, accuracies, outputMemorized, perStep)
        {
            InitialDataLoss = initialDataLoss,
            InitialPenalty = initialPenalty,
            FinalDataLoss = step.DataLoss,
            FinalPenalty = step.Penalty,
        };
    }

    private bool AllMemorized(TrainStep step)
    {
        for (int o = 0; o < _loss.Count; o++)
        {
            if (!OutputMemorized(step, o))
            {
                return false;
            }
        }

        return true;
    }

    // An output of weight 0 does not count towards the loss, so it is not judged.
    private bool OutputMemorized(TrainStep step, int output)
    {
        if (_loss.Weights[output] == 0f)
        {
            return true;
        }

        if (_unfit[output])
        {
            return false;
        }

        var loss = _loss.Losses[output];
        return step.OutputLoss(output) < _outputTargets[output]
            && (!loss.IsClassification || loss.Accuracy(step.Outputs[output], _targets[output], step.OutputMasks[output]) == 1f);
    }

    private float[] OutputLosses(TrainStep step)
    {
        var values = new float[_loss.Count];
        for (int o = 0; o < values.Length; o++)
        {
            values[o] = step.OutputLoss(o);
        }

        return values;
    }
}
