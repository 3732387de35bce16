using OneBatch.Autodiff;
using OneBatch.Models;

namespace OneBatch.Check.Diagnostics;

/// <summary>What a run keeps for its diagnosis while it trains: the initial weights and the sampled per-layer statistics.</summary>
internal sealed class RunRecorder
{
    private readonly Model _model;
    private readonly IReadOnlyList<Variable> _trainable;

    public RunRecorder(Model model)
    {
        _model = model;
        _trainable = model.TrainableVariables;
        Monitor = new LayerMonitor(model.LayerGraph(), _trainable);
        InitialWeights = model.GetWeights();
    }

    public LayerMonitor Monitor { get; }

    public LayerGraph Graph => Monitor.Graph;

    /// <summary>Every weight before the first update, in the model's <c>Weights</c> order.</summary>
    public float[][] InitialWeights { get; }

    /// <summary>
    /// The per-layer evidence, with the weight change measured against the model's current weights.
    /// <paramref name="outputWeights"/> is the weight of each output's loss: what feeds only outputs of weight 0 gets no gradient by design.
    /// </summary>
    public IReadOnlyList<LayerEvidence> Layers(IReadOnlyList<float> outputWeights)
    {
        var weights = _model.Weights;
        var trainableSet = new HashSet<Variable>(_trainable, ReferenceEqualityComparer.Instance);
        var counted = Graph.OutputCalls.Where((c, o) => c is not null && outputWeights[o] > 0f).Select(c => c!).ToArray();
        var path = LongestPath(counted);
        var feedsLoss = Upstream(counted);
        var rowOf = new Dictionary<LayerCall, int>(ReferenceEqualityComparer.Instance);
        for (int r = 0; r < Monitor.Rows.Count; r++)
        {
            foreach (var call in Monitor.Rows[r])
            {
                rowOf[call] = r;
            }
        }

        var layers = new List<LayerEvidence>(Monitor.Rows.Count);
        for (int r = 0; r < Monitor.Rows.Count; r++)
        {
            var call = Monitor.Rows[r][0];
            var layer = call.Layer;
            var trainable = layer.Weights.Where(trainableSet.Contains).ToArray();
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

            var (gradients, dead, saturated) = Monitor.Of(r);
            var (gates, timeRatio) = Monitor.RecurrentOf(r);
            layers.Add(new LayerEvidence
            {
                Name = call.Path,
                Kind = layer.ClassName,
                Activation = layer.OutputActivation?.Name,
                SaturationLimit = layer.OutputActivation?.Profile.SaturationInput,
                Parameters = layer.CountParams(),
                TrainableParameters = trainable.Sum(v => (long)v.Value.Size),
                SampleSteps = Monitor.Steps.ToArray(),
                GradientNorms = gradients,
                DeadShares = dead,
                SaturatedShares = saturated,
                ConstantOutput = Monitor.ConstantAtEnd(r),
                WeightChange = trainable.Length == 0 ? null : (float)(Math.Sqrt(moved) / Math.Max(Math.Sqrt(start), 1e-12)),
                LongestPathPosition = Monitor.Rows[r].Select(c => path.TryGetValue(c, out int p) ? p : (int?)null).Max(),
                Inputs = Monitor.Rows[r].SelectMany(c => c.Inputs).Select(i => rowOf[i]).Distinct().Select(i => Monitor.Rows[i][0].Path).ToArray(),
                FeedsLoss = Monitor.Rows[r].Any(feedsLoss.Contains),
                TakesModelInput = Monitor.Rows[r].Any(c => c.ModelInputs.Count > 0),
                Width = call.Output is { Rank: > 0 } output && output.Shape[0] > 0 ? output.Size / output.Shape[0] : null,
                GateSaturation = gates,
                ReceivesMask = Monitor.Masked(r),
                TimeGradientRatio = timeRatio,
            });
        }

        return layers;
    }

    /// <summary>Each trainable variable: its largest sampled gradient norm and whether its value changed at all.</summary>
    public IReadOnlyList<VariableEvidence> Variables()
    {
        var weights = _model.Weights;
        var largest = Monitor.LargestGradientNorms;
        var first = Monitor.FirstGradientNorms;
        var list = new List<VariableEvidence>(_trainable.Count);
        for (int i = 0; i < _trainable.Count; i++)
        {
            var v = _trainable[i];
            int row = Monitor.RowOfVariable(i);
            string layer = row >= 0 ? Monitor.Rows[row][0].Path : "?";
            bool changed = !v.Value.ReadOnlySpan.SequenceEqual(InitialWeights[IndexOf(weights, v)]);
            list.Add(new VariableEvidence(v.Name, layer, v.Value.Size, i < largest.Length ? largest[i] : 0f, changed) { FirstGradientNorm = i < first.Length ? first[i] : 0f });
        }

        return list;
    }

    /// <summary>Every call that some of <paramref name="ends"/> depends on, and those ends.</summary>
    private static HashSet<LayerCall> Upstream(IEnumerable<LayerCall> ends)
    {
        var seen = new HashSet<LayerCall>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<LayerCall>(ends);
        while (stack.TryPop(out var call))
        {
            if (seen.Add(call))
            {
                foreach (var input in call.Inputs)
                {
                    stack.Push(input);
                }
            }
        }

        return seen;
    }

    /// <summary>The calls on the longest path from an input to one of <paramref name="ends"/>, with their position along it (0 nearest the input).</summary>
    private Dictionary<LayerCall, int> LongestPath(IReadOnlyList<LayerCall> ends)
    {
        var calls = Graph.Calls;
        var depth = new int[calls.Count];
        var previous = new LayerCall?[calls.Count];
        foreach (var call in calls)
        {
            foreach (var input in call.Inputs)
            {
                if (depth[input.Index] + 1 > depth[call.Index])
                {
                    depth[call.Index] = depth[input.Index] + 1;
                    previous[call.Index] = input;
                }
            }
        }

        var end = ends.OrderByDescending(c => depth[c.Index]).FirstOrDefault();
        var path = new Dictionary<LayerCall, int>(ReferenceEqualityComparer.Instance);
        for (var c = end; c is not null; c = previous[c.Index])
        {
            path[c] = depth[c.Index];
        }

        return path;
    }

    private static int IndexOf(IReadOnlyList<Variable> weights, Variable v)
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
