using OneBatch.Tensors;

namespace OneBatch.Autodiff;

/// <summary>
/// The gradients of one backward pass, keyed by tensor identity. Backward rules ask it whether an input needs a
/// gradient at all (<see cref="Needs"/>) and for the buffer to write it into (<see cref="Slot"/>).
/// </summary>
public sealed class GradientStore
{
    private readonly Dictionary<Tensor, Tensor> _grads = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<Tensor> _needs = new(ReferenceEqualityComparer.Instance);
    private readonly Func<Shape, Tensor> _allocate;

    internal GradientStore(Func<Shape, Tensor> allocate) => _allocate = allocate;

    /// <summary>True when <paramref name="t"/> lies on a path from a requested source, so its gradient is wanted.</summary>
    public bool Needs(Tensor? t) => t is not null && _needs.Contains(t);

    /// <summary>The gradient accumulated for <paramref name="t"/> so far, or null.</summary>
    public Tensor? Get(Tensor t) => _grads.GetValueOrDefault(t);

    /// <summary>
    /// The buffer that holds <c>dL/dt</c>. When <paramref name="accumulate"/> comes back true the buffer already holds
    /// a partial gradient and the rule must add into it; otherwise it must overwrite it.
    /// </summary>
    public Tensor Slot(Tensor t, out bool accumulate)
    {
        if (_grads.TryGetValue(t, out var g))
        {
            accumulate = true;
            return g;
        }

        g = _allocate(t.Shape);
        _grads.Add(t, g);
        accumulate = false;
        return g;
    }

    /// <summary>Adds <paramref name="value"/> (shaped like <paramref name="t"/>) to <c>dL/dt</c>.</summary>
    public void Add(Tensor t, ReadOnlySpan<float> value)
    {
        var g = Slot(t, out bool accumulate);
        if (accumulate)
        {
            TensorPrimitives.Add(g.Span, value, g.Span);
        }
        else
        {
            value.CopyTo(g.Span);
        }
    }

    internal void MarkNeeded(Tensor t) => _needs.Add(t);

    internal void Clear()
    {
        _grads.Clear();
        _needs.Clear();
    }
}
