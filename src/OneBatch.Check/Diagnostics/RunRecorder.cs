using OneBatch.Models;

namespace OneBatch.Check.Diagnostics;

/// <summary>What a run keeps for its diagnosis while it trains: the initial weights and the sampled per-layer statistics.</summary>
internal sealed class RunRecorder
{
    private readonly Sequential _model;

    public RunRecorder(Sequential model)
    {
        _model = model;
        Monitor = new LayerMonitor(model);
        InitialWeights = model.GetWeights();
    }

    public LayerMonitor Monitor { get; }

    /// <summary>Every weight before the first update, in the model's <c>Weights</c> order.</summary>
    public float[][] InitialWeights { get; }

    /// <summary>The per-layer evidence, with the weight change measured against the model's current weights.</summary>
    public IReadOnlyList<LayerEvidence> Layers()
    {
        var weights = _model.Weights;
        var layers = new List<LayerEvidence>(_model.Layers.Count);
        for (int l = 0; l < _model.Layers.Count; l++)
        {
            var layer = _model.Layers[l];
            var trainable = _model.Trainable ? layer.TrainableWeights : [];
            double moved = 0, start = 0;
            foreach (var v in trainable)
            {
                var before = InitialWeights[IndexOf(weights, v)];
                var now = v.Value.ReadOnlySpan;
                for (int i = 0; i < now.Length; i++)
                {
                    double d = now[i] - before[i];
                    moved += d * d;
                    start += (double)before[i] * before[i];
                }
            }

            var (gradients, dead, saturated) = Monitor.Of(l);
            layers.Add(new LayerEvidence
            {
                Name = layer.Name,
                Kind = layer.ClassName,
                Activation = layer.OutputActivation?.Name,
                Parameters = layer.CountParams(),
                TrainableParameters = trainable.Sum(v => (long)v.Value.Size),
                SampleSteps = Monitor.Steps.ToArray(),
                GradientNorms = gradients,
                DeadShares = dead,
                SaturatedShares = saturated,
                ConstantOutput = Monitor.ConstantAtEnd(l),
                WeightChange = trainable.Count == 0 ? null : (float)(Math.Sqrt(moved) / Math.Max(Math.Sqrt(start), 1e-12)),
            });
        }

        return layers;
    }

    /// <summary>Each trainable variable: its largest sampled gradient norm and whether its value changed at all.</summary>
    public IReadOnlyList<VariableEvidence> Variables()
    {
        var weights = _model.Weights;
        var trainable = _model.TrainableVariables;
        var largest = Monitor.LargestGradientNorms;
        var list = new List<VariableEvidence>(trainable.Count);
        for (int i = 0; i < trainable.Count; i++)
        {
            var v = trainable[i];
            var layer = _model.Layers.FirstOrDefault(l => l.Weights.Contains(v))?.Name ?? "?";
            bool changed = !v.Value.ReadOnlySpan.SequenceEqual(InitialWeights[IndexOf(weights, v)]);
            list.Add(new VariableEvidence(v.Name, layer, v.Value.Size, i < largest.Length ? largest[i] : 0f, changed));
        }

        return list;
    }

    private static int IndexOf(IReadOnlyList<Autodiff.Variable> weights, Autodiff.Variable v)
    {
        for (int i = 0; i < weights.Count; i++)
        {
            if (ReferenceEquals(weights[i], v))
            {
                return i;
            }
        }

        throw new InvalidOperationException($"Variable '{v.Name}' is not a weight of the model.");
    }
}
