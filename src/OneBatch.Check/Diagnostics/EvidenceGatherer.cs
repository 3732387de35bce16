using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// Assembles a run's <see cref="RunEvidence"/> once the run is over. What costs extra work (the learning-rate probe,
/// locating a NaN, looking for contradictory labels) is done only for a run that failed.
/// </summary>
internal static class EvidenceGatherer
{
    public sealed record RunOutcome(
        bool Memorized,
        int Steps,
        int MaxSteps,
        float InitialLoss,
        float FinalLoss,
        float TargetLoss,
        int? NonFiniteStep,
        Tensor? Predictions,
        IReadOnlyList<(int Step, float Loss)> Curve);

    public static RunEvidence Gather(RunRecorder recorder, Sequential model, Tensor x, Tensor y, Loss loss, Optimizer optimizer, RunOutcome run)
    {
        var layers = recorder.Layers();
        var variables = recorder.Variables();
        var shape = LossCurveShape.Analyze(run.Curve, run.TargetLoss);
        NonFiniteOrigin? origin = null;
        LearningRateProbeResult? probe = null;
        IReadOnlyList<IReadOnlyList<int>> contradictions = [];
        float contradictionFloor = 0f;
        if (!run.Memorized)
        {
            (contradictions, contradictionFloor) = ContradictionFinder.Find(x, y, loss);
            if (run.NonFiniteStep is int s)
            {
                origin = NonFiniteLocator.Locate(model, x, y, loss, optimizer, recorder.InitialWeights, s, run.FinalLoss);
            }

            if (model.TrainableVariables.Count > 0 && contradictions.Count == 0 && run.NonFiniteStep != 0)
            {
                bool down = shape.Grew || shape.Oscillates;
                bool up = shape.FallsSteadily;
                probe = LearningRateProbe.Run(model, x, y, loss, optimizer, recorder.InitialWeights, run.Curve, run.MaxSteps, run.TargetLoss, down, up);
            }
        }

        var xs = x.ReadOnlySpan;
        return new RunEvidence
        {
            Loss = loss,
            Targets = y,
            Predictions = run.Predictions,
            LargestInput = xs.IsEmpty ? 0f : MathF.Abs(TensorPrimitives.MaxMagnitude(xs)),
            LossCurve = run.Curve,
            Curve = shape,
            Memorized = run.Memorized,
            Steps = run.Steps,
            MaxSteps = run.MaxSteps,
            InitialLoss = run.InitialLoss,
            FinalLoss = run.FinalLoss,
            TargetLoss = run.TargetLoss,
            InputIndependentLoss = LossFloors.InputIndependent(loss, y),
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

    /// <summary>The report's per-layer table.</summary>
    public static IReadOnlyList<LayerReport> Table(IReadOnlyList<LayerEvidence> layers) =>
        layers.Select(l => new LayerReport
        {
            Name = l.Name,
            Kind = l.Kind,
            Activation = l.Activation,
            Parameters = l.Parameters,
            GradientNormStart = l.GradientNormStart,
            GradientNormEnd = l.GradientNormEnd,
            DeadShare = l.DeadShareEnd,
            SaturatedShare = l.SaturatedShareEnd,
            WeightChange = l.WeightChange,
        }).ToArray();
}
