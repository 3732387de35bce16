using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Losses;

/// <summary>
/// The loss of a whole model, as Keras's <c>compile(loss=..., loss_weights=...)</c> makes it: one loss per output,
/// and the total is their <see cref="Weights"/>-weighted sum. A model with one output and weight 1 gets exactly the
/// value of its loss.
/// </summary>
public sealed class CompiledLoss
{
    private readonly Loss[] _losses;
    private readonly float[] _weights;
    private readonly Tensor[] _outputLosses;

    /// <summary>One loss for a model with one output.</summary>
    public CompiledLoss(Loss loss)
        : this([loss])
    {
    }

    /// <param name="losses">The loss of each output, in output order.</param>
    /// <param name="weights">The weight of each output's loss in the total (Keras's <c>loss_weights</c>); 1 each by default.</param>
    public CompiledLoss(IReadOnlyList<Loss> losses, IReadOnlyList<float>? weights = null)
    {
        ArgumentNullException.ThrowIfNull(losses);
        if (losses.Count == 0 || losses.Any(l => l is null))
        {
            throw new ArgumentException("Every output needs a loss.", nameof(losses));
        }

        if (weights is not null && weights.Count != losses.Count)
        {
            throw new ArgumentException($"{weights.Count} loss weights were given for {losses.Count} outputs.", nameof(weights));
        }

        if (weights is not null && weights.Any(w => !(w >= 0f && float.IsFinite(w))))
        {
            throw new ArgumentException($"Loss weights must be finite and >= 0; got [{string.Join(", ", weights)}].", nameof(weights));
        }

        _losses = losses.ToArray();
        _weights = weights?.ToArray() ?? Enumerable.Repeat(1f, losses.Count).ToArray();
        _outputLosses = new Tensor[losses.Count];
    }

    public static implicit operator CompiledLoss(Loss loss) => new(loss);

    /// <summary>The loss of each output.</summary>
    public IReadOnlyList<Loss> Losses => _losses;

    /// <summary>The weight of each output's loss in the total.</summary>
    public IReadOnlyList<float> Weights => _weights;

    public int Count => _losses.Length;

    /// <summary>Each output's loss from the last <see cref="Call(ReadOnlySpan{OneBatch.Tensors.Tensor}, ReadOnlySpan{OneBatch.Tensors.Tensor})"/> (scalar tensors, valid until the next call).</summary>
    public IReadOnlyList<Tensor> OutputLosses => _outputLosses;

    /// <summary>The total loss, a scalar tensor: sum over outputs of weight * loss(target, prediction).</summary>
    public Tensor Call(ReadOnlySpan<Tensor> targets, ReadOnlySpan<Tensor> predictions) => Call(targets, predictions, []);

    /// <summary>The total loss, each output's loss averaged over the positions its mask marks valid (empty or null entries: no mask).</summary>
    public Tensor Call(ReadOnlySpan<Tensor> targets, ReadOnlySpan<Tensor> predictions, ReadOnlySpan<Tensor?> masks)
    {
        if (targets.Length != _losses.Length || predictions.Length != _losses.Length)
        {
            throw new ArgumentException($"The model has {_losses.Length} outputs; got {targets.Length} targets and {predictions.Length} predictions.");
        }

        Tensor? total = null;
        for (int i = 0; i < _losses.Length; i++)
        {
            var loss = _losses[i].Call(targets[i], predictions[i], i < masks.Length ? masks[i] : null);
            _outputLosses[i] = loss;
            var weighted = _weights[i] == 1f ? loss : Ops.Scale(loss, _weights[i], 0f);
            total = total is null ? weighted : Ops.Add(total, weighted);
        }

        return total!;
    }

    public override string ToString() =>
        _losses.Length == 1 && _weights[0] == 1f
            ? _losses[0].Name
            : string.Join(" + ", _losses.Select((l, i) => _weights[i] == 1f ? l.Name : $"{_weights[i]} * {l.Name}"));
}
