using OneBatch.Regularizers;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// Passes its input through and adds l1 * sum|x| + l2 * sum x^2 of its output to the loss, like
/// <c>keras.layers.ActivityRegularization</c>: a layer whose <see cref="Layer.ActivityRegularizer"/> is an
/// <see cref="L1L2"/> of its factors.
/// </summary>
public sealed class ActivityRegularization : Layer
{
    public ActivityRegularization(float l1 = 0f, float l2 = 0f, int[]? inputShape = null, string? name = null)
        : base(name, inputShape)
    {
        if (!(l1 >= 0f) || !(l2 >= 0f) || !float.IsFinite(l1) || !float.IsFinite(l2))
        {
            throw new ArgumentException($"ActivityRegularization '{Name}' needs finite l1 and l2 of at least 0; got l1 {l1}, l2 {l2}.");
        }

        L1 = l1;
        L2 = l2;
        ActivityRegularizer = new L1L2(l1, l2);
    }

    public float L1 { get; }

    public float L2 { get; }

    public override bool PreservesRange => true;

    public override bool SupportsMasking => true;

    protected internal override Tensor Call(Tensor x, bool training) => x;
}
