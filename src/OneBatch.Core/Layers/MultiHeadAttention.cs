using OneBatch.Autodiff;
using OneBatch.Initializers;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Multi-head attention (Vaswani et al., 2017), like <c>keras.layers.MultiHeadAttention</c>: called on
/// <c>(query, value)</c> or <c>(query, value, key)</c> (the key defaults to the value; self-attention passes one tensor
/// twice). Each head projects the query and key to <see cref="KeyDim"/> and the value to <see cref="ValueDim"/>,
/// weighs the values by <c>softmax(q k^T / sqrt(key_dim))</c> over the key steps, and the heads' results are projected
/// back to the query's feature size (or <see cref="OutputFeatureShape"/>).
/// <para>
/// Weights as Keras 3 holds them (its EinsumDense sublayers), in its <c>get_weights()</c> order:
/// <c>query/kernel [d_query, heads, key_dim]</c>, <c>query/bias [heads, key_dim]</c>, <c>key/kernel [d_key, heads,
/// key_dim]</c>, <c>key/bias</c>, <c>value/kernel [d_value, heads, value_dim]</c>, <c>value/bias [heads, value_dim]</c>,
/// <c>attention_output/kernel [heads, value_dim, ...output]</c>, <c>attention_output/bias [...output]</c>.
/// </para>
/// <para>
/// Masks, as Keras combines them: a padded query step attends to nothing, no query attends to a padded value or key
/// step, and with <see cref="UseCausalMask"/> step t attends only to steps s &lt;= t. A score that is masked out
/// becomes -1e9 before the softmax (a query step with every key masked then weighs all values equally). The output
/// carries the query's mask.
/// </para>
/// </summary>
public sealed class MultiHeadAttention : Layer
{
    private readonly int[]? _outputShape;
    private readonly int[]? _attentionAxes;
    private readonly RandomGenerator _random;

    // Per-sample sizes, set by Build: query, value and key features; query and key/value steps (every axis between
    // the batch and the features, flattened); the output's features (flattened).
    private int _dq;
    private int _dv;
    private int _dk;
    private int _tq;
    private int _tv;
    private int _units;
    private Shape _projectionQ;
    private Shape _projectionK;
    private Shape _projectionV;
    private Shape _projectionOut;
    private float _scale;

    public MultiHeadAttention(
        int numHeads,
        int keyDim,
        int? valueDim = null,
        float dropout = 0f,
        bool useBias = true,
        int[]? outputShape = null,
        int[]? attentionAxes = null,
        Initializer? kernelInitializer = null,
        Initializer? biasInitializer = null,
        bool useCausalMask = false,
        int seed = 0,
        string? name = null)
        : base(name)
    {
        if (numHeads <= 0 || keyDim <= 0 || valueDim is <= 0)
        {
            throw new ArgumentException(
                $"MultiHeadAttention needs a positive num_heads, key_dim and value_dim; got {numHeads}, {keyDim} and {valueDim?.ToString() ?? "none"}.");
        }

        if (!(dropout is >= 0f and < 1f))
        {
            throw new ArgumentException($"MultiHeadAttention dropout must be in [0, 1); got {dropout}.", nameof(dropout));
        }

        if (outputShape is not null && (outputShape.Length == 0 || outputShape.Any(d => d <= 0)))
        {
            throw new ArgumentException($"MultiHeadAttention's output_shape must be one or more positive sizes; got [{string.Join(", ", outputShape)}].", nameof(outputShape));
        }

        if (attentionAxes is not null && attentionAxes.Length == 0)
        {
            throw new ArgumentException("MultiHeadAttention's attention_axes, when given, name at least one axis.", nameof(attentionAxes));
        }

        NumHeads = numHeads;
        KeyDim = keyDim;
        ValueDim = valueDim ?? keyDim;
        Dropout = dropout;
        UseBias = useBias;
        _outputShape = outputShape?.ToArray();
        _attentionAxes = attentionAxes?.ToArray();
        KernelInitializer = kernelInitializer ?? new GlorotUniform();
        BiasInitializer = biasInitializer ?? new Constant(0f);
        UseCausalMask = useCausalMask;
        _random = new RandomGenerator(seed);
    }

    public int NumHeads { get; }

    /// <summary>The size of each head's query and key projections.</summary>
    public int KeyDim { get; }

    /// <summary>The size of each head's value projection (KeyDim unless given).</summary>
    public int ValueDim { get; }

    /// <summary>The share of attention weights dropped in training (never during the single-batch check).</summary>
    public float Dropout { get; }

    public bool UseBias { get; }

    /// <summary>The per-step output shape when given (Keras's <c>output_shape</c>); null: the query's feature size.</summary>
    public IReadOnlyList<int>? OutputFeatureShape => _outputShape;

    /// <summary>The axes attention runs over, as given (Keras counting); null means every axis between the batch and the features.</summary>
    public IReadOnlyList<int>? AttentionAxes => _attentionAxes;

    public Initializer KernelInitializer { get; }

    public Initializer BiasInitializer { get; }

    /// <summary>Keras's call argument <c>use_causal_mask</c>: query step t attends only to key steps s &lt;= t (a decoder's self-attention).</summary>
    public bool UseCausalMask { get; set; }

    public Variable? QueryKernel { get; private set; }

    public Variable? QueryBias { get; private set; }

    public Variable? KeyKernel { get; private set; }

    public Variable? KeyBias { get; private set; }

    public Variable? ValueKernel { get; private set; }

    public Variable? ValueBias { get; private set; }

    public Variable? OutputKernel { get; private set; }

    public Variable? OutputBias { get; private set; }

    public override bool ActsOnlyInTraining => Dropout > 0f;

    /// <summary>The output carries the query's mask.</summary>
    public override bool SupportsMasking => true;

    public override IReadOnlyList<Shape> ComputeOutputShapes(IReadOnlyList<Shape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        if (inputShapes.Count is not (2 or 3))
        {
            throw new ArgumentException($"Layer '{Name}' (MultiHeadAttention) takes (query, value) or (query, value, key); got {inputShapes.Count} inputs.");
        }

        Shape query = inputShapes[0], value = inputShapes[1], key = inputShapes.Count == 3 ? inputShapes[2] : value;
        if (query.Rank < 2 || value.Rank != query.Rank || key.Rank != query.Rank)
        {
            throw ShapeError(inputShapes, "a query, value and key of the same rank, each [steps, features] per sample (or more step axes)");
        }

        if (value.DropLast() != key.DropLast())
        {
            throw ShapeError(inputShapes, "a value and key with the same steps (every axis but the last)");
        }

        CheckAttentionAxes(query);
        if (UseCausalMask && query.Rank != 2)
        {
            throw ShapeError(inputShapes, "one step axis per sample for a causal mask");
        }

        var outputs = _outputShape ?? [query.Last];
        if (query.Rank - 1 + outputs.Length >= Shape.MaxRank)
        {
            throw ShapeError(inputShapes, $"an output of at most {Shape.MaxRank - 1} axes per sample");
        }

        Span<int> dims = stackalloc int[query.Rank - 1 + outputs.Length];
        for (int i = 0; i < query.Rank - 1; i++)
        {
            dims[i] = query[i];
        }

        outputs.CopyTo(dims[(query.Rank - 1)..]);
        return [new Shape(dims)];
    }

    protected override void Build(IReadOnlyList<Shape> inputShapes)
    {
        Shape query = inputShapes[0], value = inputShapes[1], key = inputShapes.Count == 3 ? inputShapes[2] : value;
        _dq = query.Last;
        _dv = value.Last;
        _dk = key.Last;
        _tq = query.DropLast().Size;
        _tv = value.DropLast().Size;

        var outputs = _outputShape ?? [_dq];
        _units = new Shape(outputs).Size;
        int h = NumHeads, k = KeyDim, v = ValueDim;

        // Keras's EinsumDense shapes: "abc,cde->abde" for the projections, "abcd,cde->abe" for the output.
        QueryKernel = AddWeight("query/kernel", new Shape(_dq, h, k), KernelInitializer);
        QueryBias = UseBias ? AddWeight("query/bias", new Shape(h, k), BiasInitializer) : null;
        KeyKernel = AddWeight("key/kernel", new Shape(_dk, h, k), KernelInitializer);
        KeyBias = UseBias ? AddWeight("key/bias", new Shape(h, k), BiasInitializer) : null;
        ValueKernel = AddWeight("value/kernel", new Shape(_dv, h, v), KernelInitializer);
        ValueBias = UseBias ? AddWeight("value/bias", new Shape(h, v), BiasInitializer) : null;
        OutputKernel = AddWeight("attention_output/kernel", new Shape([h, v, .. outputs]), KernelInitializer);
        OutputBias = UseBias ? AddWeight("attention_output/bias", new Shape(outputs), BiasInitializer) : null;

        _projectionQ = new Shape(_dq, h * k);
        _projectionK = new Shape(_dk, h * k);
        _projectionV = new Shape(_dv, h * v);
        _projectionOut = new Shape(h * v, _units);
        _scale = 1f / MathF.Sqrt(k);
    }

    protected internal override void Call(ReadOnlySpan<Tensor> inputs, Span<Tensor> outputs, bool training) =>
        outputs[0] = Attend(inputs, default, training);

    protected internal override void Call(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor?> masks, Span<Tensor> outputs, bool training) =>
        outputs[0] = Attend(inputs, masks, training);

    // query: [N, Tq, Dq], value: [N, Tv, Dv], key: [N, Tv, Dk] (more step axes are flattened) -> [N, Tq, ...output]
    private Tensor Attend(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor?> masks, bool training)
    {
        Tensor query = inputs[0], value = inputs[1], key = inputs.Length == 3 ? inputs[2] : value;
        int n = query.Shape[0], h = NumHeads;
        if (UseCausalMask && query.Rank != 3)
        {
            throw new ArgumentException($"Layer '{Name}' (MultiHeadAttention) applies a causal mask over one step axis; its query has shape {query.Shape}.");
        }

        var q = Heads(query, QueryKernel!, QueryBias, _projectionQ, n, _tq, KeyDim);                     // [N*H, Tq, K]
        var k = Heads(key, KeyKernel!, KeyBias, _projectionK, n, _tv, KeyDim);                           // [N*H, Tv, K]
        var v = Heads(value, ValueKernel!, ValueBias, _projectionV, n, _tv, ValueDim);                   // [N*H, Tv, V]
        var scores = Ops.Scale(Ops.BatchMatMul(q, k, transposeB: true), _scale);                          // [N*H, Tq, Tv]

        Tensor? queryMask = masks.Length > 0 ? masks[0] : null;
        Tensor? valueMask = masks.Length > 1 ? masks[1] : null;
        Tensor? keyMask = masks.Length > 2 ? masks[2] : null;
        var mask = AttentionMask.Combine(this, n, _tq, _tv, queryMask, valueMask, keyMask, UseCausalMask); // [N, Tq, Tv]
        Tensor weights = mask is null
            ? Ops.Softmax(scores)
            : Ops.Reshape(Ops.MaskedSoftmax(Ops.Reshape(scores, new Shape(n, h, _tq, _tv)), mask), scores.Shape);
        if (training && Dropout > 0f)
        {
            weights = OneBatch.Layers.Dropout.Drop(weights, Dropout, _random);
        }

        var attended = Ops.BatchMatMul(weights, v);                                                      // [N*H, Tq, V]
        var merged = Ops.Transpose(Ops.Reshape(attended, new Shape(n, h, _tq, ValueDim)), [0, 2, 1, 3]);  // [N, Tq, H, V]
        var y = Ops.MatMul(Ops.Reshape(merged, new Shape(n * _tq, h * ValueDim)), Ops.Reshape(OutputKernel!.Value, _projectionOut));
        if (OutputBias is not null)
        {
            y = Ops.Add(y, Ops.Reshape(OutputBias.Value, new Shape(_units)));
        }

        return Ops.Reshape(y, OutputShapes[0].Prepend(n));                                               // [N, Tq, ...output]
    }

    // x: [N, T..., D] -> [N*H, T, size], one EinsumDense projection split into heads.
    private Tensor Heads(Tensor x, Variable kernel, Variable? bias, Shape projection, int n, int steps, int size)
    {
        var flat = Ops.Reshape(x, new Shape(n * steps, projection[0]));
        var p = Ops.MatMul(flat, Ops.Reshape(kernel.Value, projection));                                // [N*T, H*size]
        if (bias is not null)
        {
            p = Ops.Add(p, Ops.Reshape(bias.Value, new Shape(projection[1])));
        }

        var split = Ops.Transpose(Ops.Reshape(p, new Shape(n, steps, NumHeads, size)), [0, 2, 1, 3]);   // [N, H, T, size]
        return Ops.Reshape(split, new Shape(n * NumHeads, steps, size));
    }

    // Keras runs attention over the given axes and treats the rest as batch axes; OneBatch runs it over every step axis.
    private void CheckAttentionAxes(Shape query)
    {
        if (_attentionAxes is null)
        {
            return;
        }

        int steps = query.Rank - 1;
        var given = _attentionAxes.Select(a => a < 0 ? a + query.Rank + 1 : a).Order().ToArray();
        if (!given.SequenceEqual(Enumerable.Range(1, steps)))
        {
            throw new ArgumentException(
                $"Layer '{Name}' (MultiHeadAttention) attends over every axis between the batch and the features ([{string.Join(", ", Enumerable.Range(1, steps))}] here); attention_axes [{string.Join(", ", _attentionAxes)}] is not supported.");
        }
    }
}
