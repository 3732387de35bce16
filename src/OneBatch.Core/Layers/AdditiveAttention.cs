using OneBatch.Autodiff;
using OneBatch.Initializers;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Additive (Bahdanau) attention, like <c>keras.layers.AdditiveAttention</c>: the score of query step t against key
/// step s is <c>sum(scale * tanh(q_t + k_s))</c> over the features, with a trained <c>scale [dim]</c>
/// (glorot_uniform) when <see cref="UseScale"/> (the default), else a plain sum. Inputs, masks and output as
/// described on <see cref="DenseAttention"/>.
/// </summary>
public sealed class AdditiveAttention : DenseAttention
{
    public AdditiveAttention(bool useScale = true, float dropout = 0f, bool useCausalMask = false, int seed = 0, string? name = null)
        : base(dropout, useCausalMask, seed, name)
    {
        UseScale = useScale;
    }

    public bool UseScale { get; }

    public Variable? Scale { get; private set; }

    protected override void Build(IReadOnlyList<Shape> inputShapes)
    {
        if (UseScale)
        {
            Scale = AddWeight("scale", new Shape(inputShapes[0].Last), new GlorotUniform());
        }
    }

    // query: [N, Tq, d], key: [N, Tv, d] -> [N, Tq, Tv]
    private protected override Tensor Scores(Tensor query, Tensor key)
    {
        int n = query.Shape[0], tq = query.Shape[1], tv = key.Shape[1], d = query.Shape[2];
        var t = Ops.Tanh(Ops.Add(Ops.Reshape(query, new Shape(n, tq, 1, d)), Ops.Reshape(key, new Shape(n, 1, tv, d))));  // [N, Tq, Tv, d]
        return Ops.Sum(Scale is null ? t : Ops.Multiply(t, Scale.Value), -1);
    }
}
