using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// The base of the attention layers without projections, <see cref="Attention"/> (Luong) and
/// <see cref="AdditiveAttention"/> (Bahdanau), like Keras 2's <c>BaseDenseAttention</c>: called on
/// <c>[query, value]</c> or <c>[query, value, key]</c> (<c>[batch, Tq, dim]</c>, <c>[batch, Tv, dim_v]</c>,
/// <c>[batch, Tv, dim]</c>; the key defaults to the value), it scores every query step against every key step,
/// takes the softmax over the key steps and returns the weighted sum of the values, <c>[batch, Tq, dim_v]</c>.
/// <para>
/// Masks, as Keras applies them: a padded value step (the value's mask) gets weight 0 (its score is -1e9 before the
/// softmax), as does every step after the query's with <see cref="UseCausalMask"/>; a padded query step gives a zero
/// output. The key's own mask is not read (Keras reads the query's and the value's). The output carries the query's mask.
/// </para>
/// </summary>
public abstract class DenseAttention : Layer
{
    private readonly RandomGenerator _random;

    private protected DenseAttention(float dropout, bool useCausalMask, int seed, string? name)
        : base(name)
    {
        if (!(dropout is >= 0f and < 1f))
        {
            throw new ArgumentException($"{ClassName} dropout must be in [0, 1); got {dropout}.", nameof(dropout));
        }

        Dropout = dropout;
        UseCausalMask = useCausalMask;
        _random = new RandomGenerator(seed);
    }

    /// <summary>The share of attention weights dropped in training (never during the single-batch check).</summary>
    public float Dropout { get; }

    /// <summary>Keras's call argument <c>use_causal_mask</c>: query step t attends only to value steps s &lt;= t.</summary>
    public bool UseCausalMask { get; set; }

    public override bool ActsOnlyInTraining => Dropout > 0f;

    /// <summary>The output carries the query's mask.</summary>
    public override bool SupportsMasking => true;

    public override IReadOnlyList<Shape> ComputeOutputShapes(IReadOnlyList<Shape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        if (inputShapes.Count is not (2 or 3))
        {
            throw new ArgumentException($"Layer '{Name}' ({ClassName}) takes [query, value] or [query, value, key]; got {inputShapes.Count} inputs.");
        }

        Shape query = inputShapes[0], value = inputShapes[1], key = inputShapes.Count == 3 ? inputShapes[2] : value;
        if (query.Rank != 2 || value.Rank != 2 || key.Rank != 2)
        {
            throw ShapeError(inputShapes, "a query, value and key of [steps, features] each per sample");
        }

        if (query.Last != key.Last)
        {
            throw ShapeError(inputShapes, $"a query and {(inputShapes.Count == 3 ? "key" : "value (the key)")} with the same number of features");
        }

        if (key[0] != value[0])
        {
            throw ShapeError(inputShapes, "a value and key with the same number of steps");
        }

        return [new Shape(query[0], value.Last)];
    }

    protected internal override void Call(ReadOnlySpan<Tensor> inputs, Span<Tensor> outputs, bool training) =>
        outputs[0] = Attend(inputs, default, training);

    protected internal override void Call(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor?> masks, Span<Tensor> outputs, bool training) =>
        outputs[0] = Attend(inputs, masks, training);

    /// <summary>The scores of every query step against every key step: query [N, Tq, d], key [N, Tv, d] -> [N, Tq, Tv].</summary>
    private protected abstract Tensor Scores(Tensor query, Tensor key);

    // query: [N, Tq, d], value: [N, Tv, dv], key: [N, Tv, d] -> [N, Tq, dv]
    private Tensor Attend(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor?> masks, bool training)
    {
        Tensor query = inputs[0], value = inputs[1], key = inputs.Length == 3 ? inputs[2] : value;
        int n = query.Shape[0], tq = query.Shape[1], tv = value.Shape[1];
        Tensor? queryMask = masks.Length > 0 ? masks[0] : null;
        Tensor? valueMask = masks.Length > 1 ? masks[1] : null;
        AttentionMask.Check(this, "query", queryMask, n, tq);

        var scores = Scores(query, key);                                                                 // [N, Tq, Tv]
        var mask = AttentionMask.Combine(this, n, tq, tv, null, valueMask, null, UseCausalMask);         // [N, Tq, Tv]
        var weights = mask is null ? Ops.Softmax(scores) : Ops.MaskedSoftmax(scores, mask);
        if (training && Dropout > 0f)
        {
            weights = OneBatch.Layers.Dropout.Drop(weights, Dropout, _random);
        }

        var result = Ops.BatchMatMul(weights, value);                                                    // [N, Tq, dv]
        return queryMask is null ? result : Ops.Multiply(result, Ops.Reshape(queryMask, new Shape(n, tq, 1)));
    }
}
