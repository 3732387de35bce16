using OneBatch.Autodiff;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// x * scale + offset, like <c>keras.layers.Rescaling</c> (<c>Rescaling(1 / 255f)</c> takes pixels from [0, 255] to
/// [0, 1]). Scale and offset are numbers, or one value per entry of the last axis (per channel), broadcast as Keras
/// broadcasts them.
/// </summary>
public sealed class Rescaling : Layer
{
    private readonly float[] _scale;
    private readonly float[] _offset;
    private readonly Tensor _scaleTensor;
    private readonly Tensor _offsetTensor;

    public Rescaling(float scale, float offset = 0f, int[]? inputShape = null, string? name = null)
        : this([scale], [offset], inputShape, name)
    {
    }

    /// <param name="scale">One number, or one per entry of the input's last axis.</param>
    /// <param name="offset">One number, or one per entry of the input's last axis.</param>
    public Rescaling(float[] scale, float[] offset, int[]? inputShape = null, string? name = null)
        : base(name, inputShape)
    {
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(offset);
        if (scale.Length == 0 || offset.Length == 0 || scale.Concat(offset).Any(v => !float.IsFinite(v)))
        {
            throw new ArgumentException($"Rescaling '{Name}' needs finite numbers for its scale and offset (one, or one per channel).");
        }

        _scale = (float[])scale.Clone();
        _offset = (float[])offset.Clone();
        _scaleTensor = Tensor.FromArray(_scale, _scale.Length);
        _offsetTensor = Tensor.FromArray(_offset, _offset.Length);
    }

    public IReadOnlyList<float> Scale => _scale;

    public IReadOnlyList<float> Offset => _offset;

    public override bool SupportsMasking => true;

    public override Shape ComputeOutputShape(Shape inputShape)
    {
        int last = inputShape.Rank == 0 ? 1 : inputShape.Last;
        if ((_scale.Length != 1 && _scale.Length != last) || (_offset.Length != 1 && _offset.Length != last))
        {
            throw ShapeError(inputShape, $"a last axis of {Math.Max(_scale.Length, _offset.Length)} entries, one per value of its scale and offset");
        }

        return inputShape;
    }

    // x: [batch, ..., c] -> x * scale + offset, a scale and offset of [c] or [1] broadcast over the rest.
    protected internal override Tensor Call(Tensor x, bool training) =>
        _scale.Length == 1 && _offset.Length == 1
            ? Ops.Scale(x, _scale[0], _offset[0])
            : Ops.Add(Ops.Multiply(x, _scaleTensor), _offsetTensor);
}
