using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// The mean over height and width of each channel, like <c>keras.layers.GlobalAveragePooling2D</c>:
/// <c>[batch, H, W, C] -> [batch, C]</c> (<c>[batch, 1, 1, C]</c> with <c>keepDims</c>).
/// </summary>
public sealed class GlobalAveragePooling2D(bool keepDims = false, string? dataFormat = null, int[]? inputShape = null, string? name = null)
    : GlobalPooling2D(keepDims, dataFormat, inputShape, name)
{
    private Window2D? _window;

    protected override void Build(Shape inputShape)
    {
        var last = DataFormat.ToChannelsLast(inputShape);
        _window = new Window2D(last[0], last[1], last[0], last[1]);
    }

    // x: [batch, H, W, C] -> pooled [batch, 1, 1, C] -> [batch, C]
    private protected override Tensor Pool(Tensor x) =>
        Ops.Reshape(Ops.AvgPool2D(x, _window!), new Shape(x.Shape[0], x.Shape[3]));
}
