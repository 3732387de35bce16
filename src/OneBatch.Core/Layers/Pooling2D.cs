using OneBatch.Autodiff;
using OneBatch.Kernels;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// The common part of <see cref="MaxPooling2D"/> and <see cref="AveragePooling2D"/>: a window (2x2 by default) slid
/// over images with strides (the pool size by default) and "valid" or "same" padding; channels-first images are
/// pooled as their channels-last transposes.
/// </summary>
public abstract class Pooling2D : Layer
{
    private protected Pooling2D(int[]? poolSize, int[]? strides, string padding, string? dataFormat, int[]? inputShape, string? name)
        : base(name, inputShape)
    {
        DataFormat = DataFormats.Parse(dataFormat, ClassName);
        PoolSize = poolSize is null ? [2, 2] : Conv2D.Pair(poolSize, nameof(poolSize));
        Strides = strides is null ? [PoolSize[0], PoolSize[1]] : Conv2D.Pair(strides, nameof(strides));
        Padding = PaddingNames.Parse(padding, nameof(padding));
        Window = new Window2D(PoolSize[0], PoolSize[1], Strides[0], Strides[1], Padding);
    }

    /// <summary>[height, width].</summary>
    public IReadOnlyList<int> PoolSize { get; }

    /// <summary>[height, width].</summary>
    public IReadOnlyList<int> Strides { get; }

    public Padding Padding { get; }

    /// <summary>Where the images' channels sit (Keras's <c>data_format</c>).</summary>
    public DataFormat DataFormat { get; }

    private protected Window2D Window { get; }

    public override bool PreservesRange => true;

    public override Shape ComputeOutputShape(Shape inputShape)
    {
        if (inputShape.Rank != 3)
        {
            throw ShapeError(inputShape, DataFormat.ImagesExpected());
        }

        var last = DataFormat.ToChannelsLast(inputShape);
        var (h, w) = Window.OutputSize(last[0], last[1]);
        if (h <= 0 || w <= 0)
        {
            throw ShapeError(inputShape, $"images of at least {PoolSize[0]}x{PoolSize[1]} for its {PoolSize[0]}x{PoolSize[1]} pool with valid padding");
        }

        return DataFormat.FromChannelsLast(new Shape(h, w, last[2]));
    }

    // x: [batch, H, W, C] -> [batch, OH, OW, C] (channels first: [batch, C, H, W] -> [batch, C, OH, OW])
    protected internal sealed override Tensor Call(Tensor x, bool training) => DataFormat.FromChannelsLast(Pool(DataFormat.ToChannelsLast(x)));

    /// <summary>The pool over channels-last images x <c>[batch, H, W, C]</c>.</summary>
    private protected abstract Tensor Pool(Tensor x);
}
