using OneBatch.Autodiff;
using OneBatch.Initializers;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Turns integer token ids into vectors, like <c>keras.layers.Embedding</c>: ids <c>[batch, ...]</c> (whole numbers in
/// [0, <see cref="InputDim"/>)) give <c>[batch, ..., OutputDim]</c>, rows of the table <c>embeddings [input_dim,
/// output_dim]</c> (uniform in [-0.05, 0.05] by default). With <see cref="MaskZero"/>, id 0 is padding: the output
/// carries a mask that layers downstream (recurrent layers, pooling over time, the loss) leave out.
/// </summary>
public sealed class Embedding : Layer
{
    public Embedding(int inputDim, int outputDim, Initializer? embeddingsInitializer = null, bool maskZero = false, int[]? inputShape = null, string? name = null)
        : base(name, inputShape)
    {
        if (inputDim <= 0 || outputDim <= 0)
        {
            throw new ArgumentOutOfRangeException(inputDim <= 0 ? nameof(inputDim) : nameof(outputDim), $"Embedding needs a positive input_dim and output_dim; got {inputDim} and {outputDim}.");
        }

        InputDim = inputDim;
        OutputDim = outputDim;
        EmbeddingsInitializer = embeddingsInitializer ?? new RandomUniform(-0.05f, 0.05f);
        MaskZero = maskZero;
    }

    /// <summary>The size of the vocabulary: ids run from 0 to InputDim - 1.</summary>
    public int InputDim { get; }

    public int OutputDim { get; }

    public Initializer EmbeddingsInitializer { get; }

    /// <summary>Id 0 is padding: the output is masked where the id is 0.</summary>
    public bool MaskZero { get; }

    public Variable? Embeddings { get; private set; }

    public override bool CreatesMask => MaskZero;

    /// <summary>The Embedding a layer applies to its input as it is: the layer itself, or a TimeDistributed's inner one; else null.</summary>
    public static Embedding? Of(Layer layer) => layer as Embedding ?? (layer as TimeDistributed)?.Layer as Embedding;

    public override Shape ComputeOutputShape(Shape inputShape)
    {
        if (inputShape.Rank + 1 >= Shape.MaxRank)
        {
            throw ShapeError(inputShape, $"ids of at most {Shape.MaxRank - 2} axes per sample");
        }

        Span<int> dims = stackalloc int[inputShape.Rank + 1];
        inputShape.CopyTo(dims);
        dims[^1] = OutputDim;
        return new Shape(dims);
    }

    protected override void Build(Shape inputShape) =>
        Embeddings = AddWeight("embeddings", new Shape(InputDim, OutputDim), EmbeddingsInitializer);

    // ids: [batch, ...] -> [batch, ..., output_dim]
    protected internal override Tensor Call(Tensor x, bool training) => Ops.Gather(Embeddings!.Value, x);

    // mask: [batch, ...] with 1 where the id is not 0.
    protected internal override void ComputeMask(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor?> masks, Span<Tensor?> outputMasks)
    {
        if (!MaskZero)
        {
            outputMasks[0] = null;
            return;
        }

        var ids = inputs[0];
        var mask = GradientTape.NewOutput(ids.Shape);
        var m = mask.Span;
        var v = ids.ReadOnlySpan;
        for (int i = 0; i < v.Length; i++)
        {
            m[i] = v[i] != 0f ? 1f : 0f;
        }

        outputMasks[0] = mask;
    }
}
