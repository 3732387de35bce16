using OneBatch.Tensors;

namespace OneBatch.Autodiff;

/// <summary>
/// Records the operations run on this thread while it is active, then computes gradients by walking the record
/// backwards, like <c>tf.GradientTape</c>:
/// <code>
/// using (var tape = new GradientTape())
/// {
///     var loss = lossFn.Call(y, model.Apply(x));
///     var grads = tape.Gradient(loss, model.TrainableVariables);
///     optimizer.ApplyGradients(grads, model.TrainableVariables);
/// }
/// </code>
/// Every op is recorded, and <see cref="Gradient(Tensor, IReadOnlyList{Variable})"/> follows only the paths that lead
/// from the requested variables to the target, so nothing needs to be watched by hand.
/// A training loop that wants no garbage per step keeps one tape and calls <see cref="Reset"/> at the start of each
/// step: the tape then reuses the previous step's nodes, outputs and gradient buffers (so tensors from the previous
/// recording must not be read after <see cref="Reset"/>).
/// </summary>
public sealed class GradientTape : IDisposable
{
    [ThreadStatic]
    private static GradientTape? t_current;

    private readonly List<Node> _nodes = [];
    private readonly List<Tensor> _outputs = [];
    private readonly List<Tensor> _views = [];
    private readonly List<Tensor> _gradBuffers = [];
    private readonly GradientStore _store;
    private int _nodeCount;
    private int _outputCursor;
    private int _viewCursor;
    private int _gradCursor;
    private GradientTape? _parent;
    private bool _active;

    public GradientTape()
    {
        _store = new GradientStore(AllocateGradient);
        Start();
    }

    /// <summary>The innermost active tape on this thread, or null.</summary>
    internal static GradientTape? Current => t_current;

    /// <summary>
    /// Stops recording on this thread until the returned scope is disposed: for values no gradient will be asked of,
    /// whose tensors must outlive the tape's reuse of its buffers.
    /// </summary>
    internal static RecordingPause Pause()
    {
        var paused = t_current;
        t_current = null;
        return new RecordingPause(paused);
    }

    /// <summary>True while this tape records.</summary>
    public bool IsRecording => _active && t_current == this;

    /// <summary>The number of operations recorded since the tape started or was last reset.</summary>
    public int RecordedOperations => _nodeCount;

    /// <summary>Forgets the record and starts recording again, reusing the buffers of the previous recording.</summary>
    public void Reset()
    {
        for (int i = 0; i < _nodeCount; i++)
        {
            _nodes[i].Clear();
        }

        _nodeCount = 0;
        _outputCursor = 0;
        _viewCursor = 0;
        _gradCursor = 0;
        _store.Clear();
        if (!_active)
        {
            Start();
        }
    }

    /// <summary>Stops recording. Gradients can still be computed from what was recorded.</summary>
    public void Dispose()
    {
        if (!_active)
        {
            return;
        }

        _active = false;
        if (t_current == this)
        {
            // An enclosing tape disposed before this one (out of order) no longer records: skip it.
            var parent = _parent;
            while (parent is { _active: false })
            {
                parent = parent._parent;
            }

            t_current = parent;
        }
    }

    /// <summary>The gradient of <paramref name="target"/> with respect to each variable (null where none flows).</summary>
    public Tensor?[] Gradient(Tensor target, IReadOnlyList<Variable> sources)
    {
        var result = new Tensor?[sources.Count];
        Gradient(target, sources, result);
        return result;
    }

    /// <summary>
    /// Writes the gradient of <paramref name="target"/> with respect to each variable into <paramref name="into"/>
    /// (null where none flows). The gradient tensors belong to the tape until its next <see cref="Reset"/>.
    /// </summary>
    public void Gradient(Tensor target, IReadOnlyList<Variable> sources, Span<Tensor?> into)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (into.Length < sources.Count)
        {
            throw new ArgumentException($"The gradient destination has room for {into.Length} gradients; {sources.Count} are needed.", nameof(into));
        }

        _store.Clear();
        for (int i = 0; i < sources.Count; i++)
        {
            _store.MarkNeeded(sources[i].Value);
        }

        Backpropagate(target);
        for (int i = 0; i < sources.Count; i++)
        {
            into[i] = _store.Get(sources[i].Value);
        }
    }

    /// <summary>The gradient of <paramref name="target"/> with respect to any tensor used in the record (null if none flows).</summary>
    public Tensor? Gradient(Tensor target, Tensor source)
    {
        _store.Clear();
        _store.MarkNeeded(source);
        Backpropagate(target);
        return _store.Get(source);
    }

    /// <summary>An output tensor for an op: reused from the previous recording when the shape matches, else new.</summary>
    internal static Tensor NewOutput(Shape shape)
    {
        var tape = t_current;
        return tape is null ? new Tensor(shape) : tape.AllocateOutput(shape);
    }

    /// <summary>A tensor of <paramref name="shape"/> over the storage of <paramref name="source"/> (a reshape view).</summary>
    internal static Tensor NewView(Tensor source, Shape shape)
    {
        var tape = t_current;
        if (tape is null)
        {
            return source.Reshape(shape);
        }

        var views = tape._views;
        int i = tape._viewCursor++;
        if (i < views.Count)
        {
            var cached = views[i];
            if (cached.Shape == shape && ReferenceEquals(cached.Buffer, source.Buffer))
            {
                return cached;
            }

            return views[i] = source.Reshape(shape);
        }

        var view = source.Reshape(shape);
        views.Add(view);
        return view;
    }

    /// <summary>Records one op on the active tape, if any.</summary>
    internal static Node? Record(Op op, Tensor output, Tensor? a, Tensor? b = null, Tensor? c = null)
    {
        var tape = t_current;
        if (tape is null)
        {
            return null;
        }

        var nodes = tape._nodes;
        Node node;
        if (tape._nodeCount < nodes.Count)
        {
            node = nodes[tape._nodeCount];
        }
        else
        {
            node = new Node();
            nodes.Add(node);
        }

        tape._nodeCount++;
        node.Op = op;
        node.Output = output;
        node.A = a;
        node.B = b;
        node.C = c;
        return node;
    }

    /// <summary>Records one op with any number of inputs on the active tape, if any (they are in <see cref="Node.Many"/>).</summary>
    internal static Node? RecordMany(Op op, Tensor output, ReadOnlySpan<Tensor> inputs)
    {
        var node = Record(op, output, null);
        if (node is null)
        {
            return null;
        }

        if (node.Many.Length < inputs.Length)
        {
            node.Many = new Tensor[inputs.Length];
        }

        inputs.CopyTo(node.Many);
        node.ManyCount = inputs.Length;
        return node;
    }

    private void Start()
    {
        _active = true;
        _parent = t_current;
        t_current = this;
    }

    private Tensor AllocateOutput(Shape shape)
    {
        int i = _outputCursor++;
        if (i < _outputs.Count)
        {
            var cached = _outputs[i];
            if (cached.Shape == shape)
            {
                return cached;
            }

            return _outputs[i] = new Tensor(shape);
        }

        var t = new Tensor(shape);
        _outputs.Add(t);
        return t;
    }

    private Tensor AllocateGradient(Shape shape)
    {
        int i = _gradCursor++;
        if (i < _gradBuffers.Count)
        {
            var cached = _gradBuffers[i];
            if (cached.Shape == shape)
            {
                return cached;
            }

            return _gradBuffers[i] = new Tensor(shape);
        }

        var t = new Tensor(shape);
        _gradBuffers.Add(t);
        return t;
    }

    private bool NeedsAny(Node n)
    {
        for (int i = 0; i < n.ManyCount; i++)
        {
            if (_store.Needs(n.Many[i]))
            {
                return true;
            }
        }

        return false;
    }

    private void Backpropagate(Tensor target)
    {
        // Forward sweep: a node is active when one of its inputs lies on a path from a source.
        bool reached = _store.Needs(target);
        for (int i = 0; i < _nodeCount; i++)
        {
            var n = _nodes[i];
            n.Active = _store.Needs(n.A) || _store.Needs(n.B) || _store.Needs(n.C) || NeedsAny(n);
            if (n.Active)
            {
                _store.MarkNeeded(n.Output);
                reached |= ReferenceEquals(n.Output, target);
            }
        }

        if (!reached)
        {
            return;
        }

        // d(target)/d(target) = 1 (for a non-scalar target this is the gradient of its sum, as in TensorFlow).
        var seed = _store.Slot(target, out _);
        seed.Span.Fill(1f);

        for (int i = _nodeCount - 1; i >= 0; i--)
        {
            var n = _nodes[i];
            if (!n.Active)
            {
                continue;
            }

            var g = _store.Get(n.Output);
            if (g is null)
            {
                continue;
            }

            n.Op.Backward(n, g, _store);
        }
    }

    /// <summary>The scope of <see cref="Pause"/>: restores the tape that was recording.</summary>
    internal readonly struct RecordingPause(GradientTape? paused) : IDisposable
    {
        public void Dispose() => t_current = paused;
    }
}
