using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Autodiff;

/// <summary>
/// What a recurrent op leaves behind for the single-batch check: the gates it computed in its last forward pass (read
/// only when asked for, so the hot path pays nothing) and the size of dL/dh at the first and last steps of its last
/// backward pass. A recurrent layer owns one and hands it to its op.
/// </summary>
public sealed class RecurrentProbe
{
    private Tensor? _gates;
    private Tensor? _mask;
    private int _batch;
    private int _steps;
    private int _units;
    private GateActivation[] _kinds = [];
    private string[] _names = [];
    private float _firstNorm = float.NaN;
    private float _lastNorm = float.NaN;

    /// <summary>The gates in Keras's order (<c>i, f, c, o</c>; <c>z, r, h</c>; <c>h</c>), once a forward pass ran.</summary>
    public IReadOnlyList<string> GateNames => _names;

    /// <summary>
    /// The share of the pre-activations of the gates that flatten out (sigmoid, tanh, hard sigmoid), over the real
    /// (unmasked) steps of every sample, that lay beyond +-5 in the last forward pass (for a hard sigmoid: on its
    /// flat parts, where its gradient is 0); NaN before a forward pass or when no gate flattens out.
    /// </summary>
    public float GateSaturation
    {
        get
        {
            var (saturated, total) = Count(-1);
            return total == 0 ? float.NaN : (float)saturated / total;
        }
    }

    /// <summary>The same share for each gate of <see cref="GateNames"/> (NaN for a gate whose activation does not flatten out).</summary>
    public IReadOnlyList<float> GateSaturationByGate
    {
        get
        {
            var shares = new float[_kinds.Length];
            for (int gate = 0; gate < shares.Length; gate++)
            {
                var (saturated, total) = Count(gate);
                shares[gate] = total == 0 ? float.NaN : (float)saturated / total;
            }

            return shares;
        }
    }

    /// <summary>
    /// The L2 norms of dL/dh (over the batch) at the first and at the last processed step of the last backward pass:
    /// gradient through time vanishes when First is orders of magnitude below Last, and explodes when far above.
    /// Null before a backward pass.
    /// </summary>
    public (float First, float Last)? HiddenGradientNorms => float.IsNaN(_firstNorm) ? null : (_firstNorm, _lastNorm);

    /// <summary>Called by the op after its forward pass: the gate outputs it keeps, <c>[batch, steps, gates * units]</c>.</summary>
    internal void RecordForward(Tensor gates, Tensor? mask, int batch, int steps, int units, GateActivation[] kinds, string[] names)
    {
        _gates = gates;
        _mask = mask;
        _batch = batch;
        _steps = steps;
        _units = units;
        _kinds = kinds;
        _names = names;
    }

    /// <summary>Called by the op during its backward pass.</summary>
    internal void RecordHiddenGradient(bool first, float norm)
    {
        if (first)
        {
            _firstNorm = norm;
        }
        else
        {
            _lastNorm = norm;
        }
    }

    // Saturated and counted gate values of one gate (or of all, for -1), over unmasked steps.
    private (long Saturated, long Total) Count(int only)
    {
        if (_gates is null)
        {
            return (0, 0);
        }

        var values = _gates.ReadOnlySpan;
        var mask = _mask is null ? default : _mask.ReadOnlySpan;
        int width = _kinds.Length * _units;
        long saturated = 0, total = 0;
        for (int row = 0; row < _batch * _steps; row++)
        {
            if (!mask.IsEmpty && mask[row] == 0f)
            {
                continue;
            }

            for (int gate = 0; gate < _kinds.Length; gate++)
            {
                var kind = _kinds[gate];
                if ((only >= 0 && gate != only) || !GateMath.Saturates(kind))
                {
                    continue;
                }

                foreach (float a in values.Slice((row * width) + (gate * _units), _units))
                {
                    saturated += GateMath.Saturated(kind, a) ? 1 : 0;
                }

                total += _units;
            }
        }

        return (saturated, total);
    }
}
