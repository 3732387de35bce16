using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>The mean over height and width of each channel, like <c>keras.layers.GlobalAveragePooling2D</c>: <c>[batch, H, W, C] -> [batch, C]</c>.</summary>
public sealed class GlobalAveragePooling2D(int[]? inputShape = null, string? name = null) : Layer(name, inputShape)
{
    private Window2D? _window;

    public override bool PreservesRange => true;

    public override Shape ComputeOutputShape(Shape inputShape)
    {
        if (inputShape.Rank != 3 || inputShape[0] == 0 || inputShape[1] == 0)
        {
            throw ShapeError(inputShape, "non-empty images [height, width, channels] (rank 3 per sample)");
        }

        return new Shape(inputShape[2]);
    }

    protected override void Build(Shape inputShape) => _window = new Window2D(inputShape[0], inputShape[1], inputShape[0], inputShape[1]);

    // x: [batch, H, W, C] -> pooled [batch, 1, 1, C] -> [batch, C]
    protected internal override Tensor Call(Tensor x, bool training) =>
        Ops.Reshape(Ops.AvgPool2D(x, _window!), new Shape(x.Shape[0], x.Shape[3]));
}
