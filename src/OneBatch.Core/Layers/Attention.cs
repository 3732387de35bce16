using OneBatch.Autodiff;
using OneBatch.Initializers;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Dot-product (Luong) attention, like <c>keras.layers.Attention</c>: the score of query step t against key step s
/// is <c>q_t . k_s</c> (score mode <c>dot</c>), times a trained scalar <c>scale</c> (ones) with
/// <see cref="UseScale"/>; or, in score mode <c>concat</c>, <c>concat_score_weight * sum(tanh(scale * (q_t + k_s)))</c>
/// with a trained scalar <c>concat_score_weight</c> (ones). Weights in Keras's order: scale, then
/// concat_score_weight. Inputs, masks and output as described on <see cref="DenseAttention"/>.
/// </summary>
public sealed class Attention : DenseAttention
{
    public Attention(bool useScale = false, string scoreMode = "dot", float dropout = 0f, bool useCausalMask = false, int seed = 0, string? name = null)
        : base(dropout, useCausalMask, seed, name)
    {
        if (scoreMode is not ("dot" or "concat"))
        {
            throw new ArgumentException($"Attention's score_mode must be 'dot' or 'concat'; got '{scoreMode}'.", nameof(scoreMode));
        }

        UseScale = useScale;
        ScoreMode = scoreMode;
    }

    public bool UseScale { get; }

    /// <summary><c>dot</c> or <c>concat</c>.</summary>
    public string ScoreMode { get; }

    public Variable? Scale { get; private set; }

    public Variable? ConcatScoreWeight { get; private set; }

    protected override void Build(IReadOnlyList<Shape> inputShapes)
    {
        if (UseScale)
        {
            Scale = AddWeight("scale", Shape.Scalar, new Constant(1f));
        }

        if (ScoreMode == "concat")
        {
            ConcatScoreWeight = AddWeight("concat_score_weight", Shape.Scalar, new Constant(1f));
        }
    }

    // query: [N, Tq, d], key: [N, Tv, d] -> [N, Tq, Tv]
    private protected override Tensor Scores(Tensor query, Tensor key)
    {
        if (ScoreMode == "dot")
        {
            var dot = Ops.BatchMatMul(query, key, transposeB: true);
            return Scale is null ? dot : Ops.Multiply(dot, Scale.Value);
        }

        int n = query.Shape[0], tq = query.Shape[1], tv = key.Shape[1], d = query.Shape[2];
        var sum = Ops.Add(Ops.Reshape(query, new Shape(n, tq, 1, d)), Ops.Reshape(key, new Shape(n, 1, tv, d)));  // [N, Tq, Tv, d]
        if (Scale is not null)
        {
            sum = Ops.Multiply(sum, Scale.Value);
        }

        return Ops.Multiply(Ops.Sum(Ops.Tanh(sum), -1), ConcatScoreWeight!.Value);
    }
}
