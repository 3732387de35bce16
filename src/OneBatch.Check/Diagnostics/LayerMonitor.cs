using OneBatch.Activations;
using OneBatch.Autodiff;
using OneBatch.Layers;
using OneBatch.Models;
using OneBatch.Tensors;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// Per-layer statistics at a few steps of a run (0, 1, 2, 4, 8, ... and the last), so the hot loop pays nothing on
/// the other steps: the gradient norm of each layer's trainable weights, the share of dead ReLU units and the share of
/// saturated sigmoid/tanh inputs. Every layer the model calls is watched, nested models' layers included; a layer
/// called several times (shared) is judged on all its calls. Call <see cref="Sample"/> after a backward pass, before
/// the update.
/// </summary>
internal sealed class LayerMonitor
{
    /// <summary>A sigmoid or tanh input beyond +-5 sits on a flat tail (sigmoid' &lt; 0.007, tanh' &lt; 2e-4).</summary>
    public const float SaturationLimit = 5f;

    private static readonly float SigmoidLow = 1f / (1f + MathF.Exp(SaturationLimit));
    private static readonly float SigmoidHigh = 1f / (1f + MathF.Exp(-SaturationLimit));
    private static readonly float TanhHigh = MathF.Tanh(SaturationLimit);

    private readonly int[] _rowOfVariable;
    private readonly float[] _largestGradient;
    private readonly float[] _firstGradient;
    private readonly List<float[]> _gateSaturation = [];
    private readonly List<float[]> _timeGradientRatio = [];
    private bool[]? _masked;
    private readonly List<int> _steps = [];
    private readonly List<float[]> _gradientNorms = [];
    private readonly List<float[]> _deadShares = [];
    private readonly List<float[]> _saturatedShares = [];
    private readonly List<bool[]> _constant = [];
    private int _next;

    public LayerMonitor(LayerGraph graph, IReadOnlyList<Variable> trainable)
    {
        Graph = graph;
        Rows = graph.Calls.GroupBy(c => c.Layer).Select(g => g.ToArray()).ToArray();
        var owner = new Dictionary<Variable, int>(ReferenceEqualityComparer.Instance);
        for (int r = 0; r < Rows.Count; r++)
        {
            foreach (var w in Rows[r][0].Layer.Weights)
            {
                owner.TryAdd(w, r);
            }
        }

        _rowOfVariable = new int[trainable.Count];
        for (int i = 0; i < trainable.Count; i++)
        {
            _rowOfVariable[i] = owner.TryGetValue(trainable[i], out int r) ? r : -1;
        }

        _largestGradient = new float[trainable.Count];
        _firstGradient = new float[trainable.Count];
    }

    public LayerGraph Graph { get; }

    /// <summary>One row per layer the model calls, in the order of its first call: that layer's calls.</summary>
    public IReadOnlyList<LayerCall[]> Rows { get; }

    public int LastSampledStep => _steps.Count == 0 ? -1 : _steps[^1];

    /// <summary>True when <paramref name="step"/> is one of the sampled steps.</summary>
    public bool Due(int step) => step >= _next;

    /// <summary>The largest gradient norm each trainable variable had at the sampled steps.</summary>
    public ReadOnlySpan<float> LargestGradientNorms => _largestGradient;

    /// <summary>The gradient norm each trainable variable had at the first sampled step.</summary>
    public ReadOnlySpan<float> FirstGradientNorms => _firstGradient;

    public IReadOnlyList<int> Steps => _steps;

    /// <summary>The row of the layer that owns trainable variable <paramref name="variable"/>, or -1.</summary>
    public int RowOfVariable(int variable) => _rowOfVariable[variable];

    /// <summary>Records the statistics of the latest forward (the layers' outputs) and backward (<paramref name="gradients"/>).</summary>
    public void Sample(int step, ReadOnlySpan<Tensor?> gradients)
    {
        int rows = Rows.Count;
        var norms = new float[rows];
        for (int i = 0; i < gradients.Length && i < _rowOfVariable.Length; i++)
        {
            float n = gradients[i] is { } g ? TensorPrimitives.Norm(g.ReadOnlySpan) : 0f;
            _largestGradient[i] = MathF.Max(_largestGradient[i], n);
            if (_steps.Count == 0)
            {
                _firstGradient[i] = n;
            }
            if (_rowOfVariable[i] >= 0)
            {
                norms[_rowOfVariable[i]] += n * n;
            }
        }

        var dead = new float[rows];
        var saturated = new float[rows];
        var constant = new bool[rows];
        var gates = new float[rows];
        var timeRatio = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            norms[r] = MathF.Sqrt(norms[r]);
            var calls = Rows[r];
            var activation = calls[0].Layer.OutputActivation;
            bool watched = calls.All(c => c.Output is not null);
            dead[r] = watched && activation == ActivationFunction.Relu ? DeadShare(calls) : float.NaN;
            saturated[r] = watched && (activation == ActivationFunction.Sigmoid || activation == ActivationFunction.Tanh)
                ? SaturatedShare(calls, activation == ActivationFunction.Tanh)
                : float.NaN;
            constant[r] = watched && calls.All(c => SameForEverySample(c.Output!));
            if (calls[0].Layer is IRecurrentStatistics recurrent)
            {
                gates[r] = recurrent.GateSaturation;
                timeRatio[r] = recurrent.HiddenGradientNorms is var (first, last) && last > 0f ? first / last : float.NaN;
            }
            else
            {
                gates[r] = float.NaN;
                timeRatio[r] = float.NaN;
            }
        }

        _steps.Add(step);
        _gradientNorms.Add(norms);
        _deadShares.Add(dead);
        _saturatedShares.Add(saturated);
        _constant.Add(constant);
        _gateSaturation.Add(gates);
        _timeGradientRatio.Add(timeRatio);
        _masked ??= Rows.Select(calls => calls.Any(c => c.InputMask is not null)).ToArray();
        _next = Math.Max(1, step * 2);
    }

    /// <summary>Whether row <paramref name="row"/>'s layer gave the same output for every sample of the batch at the last sampled step.</summary>
    public bool ConstantAtEnd(int row) => _constant.Count > 0 && _constant[^1][row];

    /// <summary>Whether row <paramref name="row"/>'s layer received a mask (padding marked by an Embedding or Masking layer).</summary>
    public bool Masked(int row) => _masked?[row] ?? false;

    /// <summary>The samples of a recurrent layer's gate saturation and first/last hidden-gradient ratio (null for another layer).</summary>
    public (float[]? GateSaturation, float[]? TimeGradientRatio) RecurrentOf(int row) =>
        Rows[row][0].Layer is IRecurrentStatistics
            ? (_gateSaturation.Select(s => s[row]).ToArray(), _timeGradientRatio.Select(s => s[row]).ToArray())
            : (null, null);

    /// <summary>The samples of row <paramref name="row"/>: gradient norms (null without trainable weights), dead shares, saturated shares.</summary>
    public (float[]? GradientNorms, float[]? DeadShares, float[]? SaturatedShares) Of(int row)
    {
        bool hasTrainable = Array.IndexOf(_rowOfVariable, row) >= 0;
        return (
            hasTrainable ? _gradientNorms.Select(s => s[row]).ToArray() : null,
            Column(_deadShares, row),
            Column(_saturatedShares, row));
    }

    private static float[]? Column(List<float[]> samples, int row)
    {
        if (samples.Count == 0 || float.IsNaN(samples[0][row]))
        {
            return null;
        }

        return samples.Select(s => s[row]).ToArray();
    }

    // output: [batch, ...]: every sample's slice equals the first one.
    private static bool SameForEverySample(Tensor output)
    {
        int rows = output.Shape[0];
        if (rows < 2)
        {
            return false;
        }

        int width = output.Size / rows;
        var values = output.ReadOnlySpan;
        var first = values[..width];
        for (int r = 1; r < rows; r++)
        {
            if (!values.Slice(r * width, width).SequenceEqual(first))
            {
                return false;
            }
        }

        return true;
    }

    // output: [..., units] of every call; a unit is dead when it is not positive anywhere in the batch, in any call.
    private static float DeadShare(LayerCall[] calls)
    {
        int units = calls[0].Output!.Shape.Last;
        if (units == 0 || calls.All(c => c.Output!.Size == 0))
        {
            return 0f;
        }

        var active = units <= 1024 ? stackalloc bool[units] : new bool[units];
        foreach (var call in calls)
        {
            var values = call.Output!.ReadOnlySpan;
            for (int i = 0; i + units <= values.Length; i += units)
            {
                var row = values.Slice(i, units);
                for (int u = 0; u < units; u++)
                {
                    active[u] |= row[u] > 0f;
                }
            }
        }

        int deadCount = 0;
        foreach (bool a in active)
        {
            deadCount += a ? 0 : 1;
        }

        return deadCount / (float)units;
    }

    // The activation is monotone, so its input lies beyond +-limit exactly when its output lies beyond f(+-limit).
    private static float SaturatedShare(LayerCall[] calls, bool tanh)
    {
        long count = 0, total = 0;
        foreach (var call in calls)
        {
            var output = call.Output!.ReadOnlySpan;
            total += output.Length;
            foreach (float y in output)
            {
                count += tanh ? (MathF.Abs(y) >= TanhHigh ? 1 : 0) : (y <= SigmoidLow || y >= SigmoidHigh ? 1 : 0);
            }
        }

        return total == 0 ? 0f : count / (float)total;
    }
}
