using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// Assembles a run's <see cref="RunEvidence"/> once the run is over. What costs extra work (the learning-rate probe,
/// locating a NaN, looking for contradictory labels, measuring what each input changes) is done only for a run that
/// failed.
/// </summary>
internal static class EvidenceGatherer
{
    /// <summary>How one output ended: its loss at the start and the end, its target, and its last finite predictions (a copy).</summary>
    public sealed record OutputOutcome(float InitialLoss, float FinalLoss, float TargetLoss, Tensor? Predictions);

    public sealed record RunOutcome(
        bool Memorized,
        int Steps,
        int MaxSteps,
        float InitialLoss,
        float FinalLoss,
        float TargetLoss,
        int? NonFiniteStep,
        IReadOnlyList<OutputOutcome> Outputs,
        IReadOnlyList<(int Step, float Loss)> Curve);

    public static RunEvidence Gather(
        RunRecorder recorder, Model model, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> targets, CompiledLoss loss, Optimizer optimizer,
        FixedBatchCache fixedBatch, RunOutcome run, bool diagnose = true)
    {
        var layers = recorder.Layers(loss.Weights);
        var variables = recorder.Variables();
        var shape = LossCurveShape.Analyze(run.Curve, run.TargetLoss);
        NonFiniteOrigin? origin = null;
        LearningRateProbeResult? probe = null;
        IReadOnlyList<float?> effects = [];
        IReadOnlyList<IReadOnlyList<int>> contradictions = [];
        float contradictionFloor = 0f;
        BatchMixingResult? mixing = null;
        if (!run.Memorized && diagnose)
        {
            (contradictions, contradictionFloor) = ContradictionFinder.Find(inputs, targets, loss);
            if (run.NonFiniteStep is int s)
            {
                origin = NonFiniteLocator.Locate(model, recorder.Graph, inputs, targets, loss, optimizer, fixedBatch, recorder.InitialWeights, s, run.FinalLoss);
            }
            else
            {
                effects = InputEffects(model, inputs, run.Outputs);
                mixing = BatchMixingProbe.Measure(model, recorder.Graph, inputs);
            }

            if (model.TrainableVariables.Count > 0 && contradictions.Count == 0 && run.NonFiniteStep != 0)
            {
                bool down = shape.Grew || shape.Oscillates;
                bool up = shape.FallsSteadily;
                probe = LearningRateProbe.Run(model, inputs, targets, loss, optimizer, fixedBatch, recorder.InitialWeights, run.Curve, run.MaxSteps, run.TargetLoss, down, up);
            }
        }

        var names = model.OutputNames;
        var outputs = new OutputEvidence[loss.Count];
        for (int o = 0; o < outputs.Length; o++)
        {
            var activation = ActivationOf(recorder.Graph.OutputCalls[o]);
            outputs[o] = new OutputEvidence
            {
                Name = names[o],
                Loss = loss.Losses[o],
                Weight = loss.Weights[o],
                Targets = targets[o],
                Predictions = run.Outputs[o].Predictions,
                Activation = activation?.Name,
                Range = ActivationRange.Of(activation),
                Units = WidthOf(model.OutputShapes[o]),
                InitialLoss = run.Outputs[o].InitialLoss,
                FinalLoss = run.Outputs[o].FinalLoss,
                TargetLoss = run.Outputs[o].TargetLoss,
                InputIndependentLoss = loss.Losses[o].Baseline(targets[o]),
            };
        }

        return new RunEvidence
        {
            Outputs = outputs,
            Inputs = inputs,
            InputNames = model.InputNames,
            InputEffects = effects,
            InputWidths = inputs.Select(x => x.Rank > 0 && x.Shape[0] > 0 ? x.Size / x.Shape[0] : x.Size).ToArray(),
            BatchMixing = mixing,
            LargestInput = LargestValue(inputs, TokenInputs(recorder.Graph)),
            LossCurve = run.Curve,
            Curve = shape,
            Memorized = run.Memorized,
            Steps = run.Steps,
            MaxSteps = run.MaxSteps,
            InitialLoss = run.InitialLoss,
            FinalLoss = run.FinalLoss,
            TargetLoss = run.TargetLoss,
            Optimizer = optimizer.Name,
            LearningRate = optimizer.LearningRate,
            TrainableParameters = model.TrainableVariables.Sum(v => (long)v.Value.Size),
            Layers = layers,
            Variables = variables,
            NonFinite = origin,
            Probe = probe,
            Contradictions = contradictions,
            ContradictionFloor = contradictionFloor,
        };
    }

    /// <summary>
    /// The activation that bounds what a call gives: its own, or, through a layer that keeps the range of its inputs,
    /// the one all its inputs share. Null when nothing bounds it (a linear layer, a sum, a model input).
    /// </summary>
    internal static Activations.ActivationFunction? ActivationOf(Models.LayerCall? call)
    {
        if (call is null)
        {
            return null;
        }

        if (call.Layer.OutputActivation is { } activation)
        {
            return activation;
        }

        if (!call.Layer.PreservesRange || call.Inputs.Count == 0 || call.ModelInputs.Count > 0)
        {
            return null;
        }

        // Layers with settings (LeakyReLU(0.3)) make their own activation objects: alike is the same name and profile.
        var below = call.Inputs.Select(ActivationOf).DistinctBy(a => (a?.Name, a?.Profile)).ToArray();
        return below.Length == 1 ? below[0] : null;
    }

    /// <summary>The size of the last axis of a per-sample output shape (1 for a scalar).</summary>
    internal static int WidthOf(Shape shape) => shape.Rank == 0 ? 1 : shape.Last;

    // The inputs an Embedding reads as token ids: their size says nothing about scaling.
    private static HashSet<int> TokenInputs(LayerGraph graph) =>
        graph.Calls.Where(c => Layers.Embedding.Of(c.Layer) is not null).SelectMany(c => c.InputsReadUnchanged()).ToHashSet();

    private static float LargestValue(IReadOnlyList<Tensor> inputs, HashSet<int> skip)
    {
        float largest = 0f;
        for (int i = 0; i < inputs.Count; i++)
        {
            if (!skip.Contains(i) && inputs[i].Size > 0)
            {
                largest = MathF.Max(largest, MathF.Abs(TensorPrimitives.MaxMagnitude(inputs[i].ReadOnlySpan)));
            }
        }

        return largest;
    }

    // For each input: rotate its samples by one (sample i gets sample i+1's values) and see how far the outputs move.
    private static float?[] InputEffects(Model model, IReadOnlyList<Tensor> inputs, IReadOnlyList<OutputOutcome> outcomes)
    {
        var effects = new float?[inputs.Count];
        if (outcomes.Any(o => o.Predictions is null))
        {
            return effects;
        }

        var outputs = new Tensor[outcomes.Count];
        for (int k = 0; k < inputs.Count; k++)
        {
            var rotated = Rotate(inputs[k]);
            if (rotated.ReadOnlySpan.SequenceEqual(inputs[k].ReadOnlySpan))
            {
                continue;
            }

            var fed = inputs.ToArray();
            fed[k] = rotated;
            model.Apply(fed, outputs, training: false);
            float effect = 0f;
            for (int o = 0; o < outputs.Length; o++)
            {
                var before = outcomes[o].Predictions!.ReadOnlySpan;
                var after = outputs[o].ReadOnlySpan;
                float spread = MathF.Max(TensorPrimitives.Max(before) - TensorPrimitives.Min(before), 1e-12f);
                for (int i = 0; i < before.Length; i++)
                {
                    effect = MathF.Max(effect, MathF.Abs(after[i] - before[i]) / spread);
                }
            }

            effects[k] = effect;
        }

        return effects;
    }

    private static Tensor Rotate(Tensor x)
    {
        int n = x.Shape[0];
        int width = x.Size / Math.Max(1, n);
        var rotated = new Tensor(x.Shape);
        var source = x.ReadOnlySpan;
        var target = rotated.Span;
        for (int i = 0; i < n; i++)
        {
            source.Slice(((i + 1) % n) * width, width).CopyTo(target.Slice(i * width, width));
        }

        return rotated;
    }
}
