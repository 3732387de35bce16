using OneBatch.Activations;
using OneBatch.Autodiff;
using OneBatch.Models;
using OneBatch.Tensors;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// Per-layer statistics at a few steps of a run (0, 1, 2, 4, 8, ... and the last), so the hot loop pays nothing on
/// the other steps: the gradient norm of each layer's trainable weights, the share of dead ReLU units and the share of
/// saturated sigmoid/tanh inputs. Call <see cref="Sample"/> after a backward pass, before the update.
/// </summary>
internal sealed class LayerMonitor
{
    /// <summary>A sigmoid or tanh input beyond +-5 sits on a flat tail (sigmoid' &lt; 0.007, tanh' &lt; 2e-4).</summary>
    public const float SaturationLimit = 5f;

    private static readonly float SigmoidLow = 1f / (1f + MathF.Exp(SaturationLimit));
    private static readonly float SigmoidHigh = 1f / (1f + MathF.Exp(-SaturationLimit));
    private static readonly float TanhHigh = MathF.Tanh(SaturationLimit);

    private readonly Sequential _model;
    private readonly int[] _layerOfVariable;
    private readonly float[] _largestGradient;
    private readonly List<int> _steps = [];
    private readonly List<float[]> _gradientNorms = [];
    private readonly List<float[]> _deadShares = [];
    private readonly List<float[]> _saturatedShares = [];
    private readonly List<bool[]> _constant = [];
    private int _next;

    public LayerMonitor(Sequential model)
    {
        _model = model;
        var trainable = model.TrainableVariables;
        var owner = new Dictionary<Variable, int>(ReferenceEqualityComparer.Instance);
        for (int l = 0; l < model.Layers.Count; l++)
        {
            foreach (var w in model.Layers[l].Weights)
            {
                owner.TryAdd(w, l);
            }
        }

        _layerOfVariable = new int[trainable.Count];
        for (int i = 0; i < trainable.Count; i++)
        {
            _layerOfVariable[i] = owner.TryGetValue(trainable[i], out int l) ? l : -1;
        }

        _largestGradient = new float[trainable.Count];
    }

    public int LastSampledStep => _steps.Count == 0 ? -1 : _steps[^1];

    /// <summary>True when <paramref name="step"/> is one of the sampled steps.</summary>
    public bool Due(int step) => step >= _next;

    /// <summary>The largest gradient norm each trainable variable had at the sampled steps.</summary>
    public ReadOnlySpan<float> LargestGradientNorms => _largestGradient;

    public IReadOnlyList<int> Steps => _steps;

    /// <summary>Records the statistics of the latest forward (the model's layer outputs) and backward (<paramref name="gradients"/>).</summary>
    public void Sample(int step, ReadOnlySpan<Tensor?> gradients)
    {
        var layers = _model.Layers;
        var outputs = _model.LastLayerOutputs;
        var norms = new float[layers.Count];
        for (int i = 0; i < gradients.Length && i < _layerOfVariable.Length; i++)
        {
            float n = gradients[i] is { } g ? TensorPrimitives.Norm(g.ReadOnlySpan) : 0f;
            _largestGradient[i] = MathF.Max(_largestGradient[i], n);
            if (_layerOfVariable[i] >= 0)
            {
                norms[_layerOfVariable[i]] += n * n;
            }
        }

        var dead = new float[layers.Count];
        var saturated = new float[layers.Count];
        var constant = new bool[layers.Count];
        for (int l = 0; l < layers.Count; l++)
        {
            norms[l] = MathF.Sqrt(norms[l]);
            var activation = layers[l].OutputActivation;
            var output = l < outputs.Count ? outputs[l] : null;
            dead[l] = output is not null && activation == ActivationFunction.Relu ? DeadShare(output) : float.NaN;
            saturated[l] = output is not null && (activation == ActivationFunction.Sigmoid || activation == ActivationFunction.Tanh)
                ? SaturatedShare(output.ReadOnlySpan, activation == ActivationFunction.Tanh)
                : float.NaN;
            constant[l] = output is not null && SameForEverySample(output);
        }

        _steps.Add(step);
        _gradientNorms.Add(norms);
        _deadShares.Add(dead);
        _saturatedShares.Add(saturated);
        _constant.Add(constant);
        _next = Math.Max(1, step * 2);
    }

    /// <summary>Whether layer <paramref name="layer"/> gave the same output for every sample of the batch at the last sampled step.</summary>
    public bool ConstantAtEnd(int layer) => _constant.Count > 0 && _constant[^1][layer];

    /// <summary>The samples of layer <paramref name="layer"/>: gradient norms (null without trainable weights), dead shares, saturated shares.</summary>
    public (float[]? GradientNorms, float[]? DeadShares, float[]? SaturatedShares) Of(int layer)
    {
        bool hasTrainable = Array.IndexOf(_layerOfVariable, layer) >= 0;
        return (
            hasTrainable ? _gradientNorms.Select(s => s[layer]).ToArray() : null,
            Column(_deadShares, layer),
            Column(_saturatedShares, layer));
    }

    private static float[]? Column(List<float[]> samples, int layer)
    {
        if (samples.Count == 0 || float.IsNaN(samples[0][layer]))
        {
            return null;
        }

        return samples.Select(s => s[layer]).ToArray();
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

    // output: [..., units]; a unit is dead when it is not positive anywhere in the batch.
    private static float DeadShare(Tensor output)
    {
        int units = output.Shape.Last;
        if (units == 0 || output.Size == 0)
        {
            return 0f;
        }

        var values = output.ReadOnlySpan;
        var active = units <= 1024 ? stackalloc bool[units] : new bool[units];
        for (int i = 0; i < values.Length; i += units)
        {
            var row = values.Slice(i, units);
            for (int u = 0; u < units; u++)
            {
                active[u] |= row[u] > 0f;
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
    private static float SaturatedShare(ReadOnlySpan<float> output, bool tanh)
    {
        if (output.IsEmpty)
        {
            return 0f;
        }

        int count = 0;
        foreach (float y in output)
        {
            count += tanh ? (MathF.Abs(y) >= TanhHigh ? 1 : 0) : (y <= SigmoidLow || y >= SigmoidHigh ? 1 : 0);
        }

        return count / (float)output.Length;
    }
}
