using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Applies one layer to every time step of a sequence, like <c>keras.layers.TimeDistributed</c>: x
/// <c>[batch, time, ...]</c> runs through the inner layer as <c>[batch * time, ...]</c> (one set of weights for every
/// step) and comes back as <c>[batch, time, ...out]</c>. A mask on the sequence passes on.
/// </summary>
public sealed class TimeDistributed : Layer
{
    public TimeDistributed(Layer layer, int[]? inputShape = null, string? name = null)
        : base(name, inputShape)
    {
        Layer = layer ?? throw new ArgumentNullException(nameof(layer));
        if (layer is Models.Model)
        {
            throw new ArgumentException("TimeDistributed wraps a layer, not a model.", nameof(layer));
        }
    }

    /// <summary>The layer applied to each time step.</summary>
    public Layer Layer { get; }

    public override IReadOnlyList<Autodiff.Variable> Weights => Layer.Weights;

    public override IReadOnlyList<Autodiff.Variable> TrainableWeights => Trainable ? Layer.TrainableWeights : [];

    internal override void CollectRegularized(List<(Autodiff.Variable Variable, Regularizers.Regularizer Regularizer)> into, HashSet<Autodiff.Variable> seen)
    {
        if (Trainable)
        {
            Layer.CollectRegularized(into, seen);
        }
    }

    public override Activations.ActivationFunction? OutputActivation => Layer.OutputActivation;

    public override bool PreservesRange => Layer.PreservesRange;

    public override bool ActsOnlyInTraining => Layer.ActsOnlyInTraining;

    public override bool SupportsMasking => true;

    public override Shape ComputeOutputShape(Shape inputShape)
    {
        if (inputShape.Rank < 2)
        {
            throw ShapeError(inputShape, "sequences [time, ...] of at least two axes per sample");
        }

        var step = Layer.Built ? Layer.OutputShape!.Value : Layer.ComputeOutputShape(inputShape.DropFirst());
        return step.Prepend(inputShape[0]);
    }

    protected override void Build(Shape inputShape) => Layer.Build(inputShape.DropFirst(), BuildRandom);

    // x: [batch, time, ...] -> [batch * time, ...] -> inner -> [batch, time, ...out]
    protected internal override Tensor Call(Tensor x, bool training)
    {
        int batch = x.Shape[0], time = x.Shape[1];
        Span<int> dims = stackalloc int[x.Rank - 1];
        x.Shape.DropFirst().CopyTo(dims);
        dims[0] = batch * time;
        var steps = Ops.Reshape(x, new Shape(dims));

        // Keras 3 runs the inner layer's call, not the layer: its activity regularizer does not apply here.
        var y = Layer.Call(steps, training);
        return Ops.Reshape(y, y.Shape.DropFirst().Prepend(time).Prepend(batch));
    }
}
