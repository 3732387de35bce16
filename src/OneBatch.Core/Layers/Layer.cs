using System.Text;
using OneBatch.Activations;
using OneBatch.Autodiff;
using OneBatch.Initializers;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// The base of every layer, shaped like <c>keras.layers.Layer</c>: the constructor checks and stores settings,
/// <see cref="Build(Shape)"/> creates the weights once the input shape is known, and <see cref="Call"/> computes
/// the output with differentiable <see cref="Ops"/> (a layer holds no backward code). Users run a layer with
/// <see cref="Apply"/>, which builds it on first use. Shapes given to and returned by <c>Build</c> and
/// <see cref="ComputeOutputShape"/> are per sample: they leave out the batch axis.
/// </summary>
public abstract class Layer
{
    private readonly List<Variable> _weights = [];
    private Variable[]? _trainable;
    private RandomGenerator? _random;
    private bool _trainableFlag = true;

    protected Layer(string? name = null, int[]? inputShape = null)
    {
        if (name is not null && string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A layer name cannot be blank.", nameof(name));
        }

        Name = name ?? DefaultName;
        HasExplicitName = name is not null;
        DeclaredInputShape = inputShape is null ? default(Shape?) : new Shape(inputShape.AsSpan());
    }

    /// <summary>The layer's name, unique within its model (<c>dense</c>, <c>dense_1</c>, ...).</summary>
    public string Name { get; internal set; }

    internal bool HasExplicitName { get; }

    /// <summary>The Keras class name, such as <c>Dense</c>.</summary>
    public virtual string ClassName => GetType().Name;

    /// <summary>The per-sample input shape given at construction (Keras's <c>input_shape</c>), if any.</summary>
    public Shape? DeclaredInputShape { get; }

    /// <summary>The per-sample input shape the layer was built for.</summary>
    public Shape? InputShape { get; private set; }

    /// <summary>The per-sample output shape, once built.</summary>
    public Shape? OutputShape { get; protected set; }

    public bool Built { get; private set; }

    /// <summary>When false, none of the layer's weights are trained (Keras's <c>layer.trainable</c>).</summary>
    public virtual bool Trainable
    {
        get => _trainableFlag;
        set
        {
            _trainableFlag = value;
            _trainable = null;
            Parent?.OnLayerTrainableChanged();
        }
    }

    /// <summary>The activation applied last to the layer's output, if the layer ends with one (Dense, Activation, ...).</summary>
    public virtual ActivationFunction? OutputActivation => null;

    /// <summary>The model this layer belongs to, told when the layer's <see cref="Trainable"/> changes.</summary>
    internal Layer? Parent { get; set; }

    /// <summary>A layer of this model was frozen or unfrozen: forget what depends on its trainable weights.</summary>
    private protected virtual void OnLayerTrainableChanged()
    {
        _trainable = null;
        Parent?.OnLayerTrainableChanged();
    }

    /// <summary>All weights, in the order Keras's <c>get_weights()</c> returns them.</summary>
    public virtual IReadOnlyList<Variable> Weights => _weights;

    /// <summary>The weights an optimizer updates.</summary>
    public IReadOnlyList<Variable> TrainableWeights => _trainable ??= Trainable ? Weights.Where(w => w.Trainable).ToArray() : [];

    /// <summary>The weights an optimizer leaves alone.</summary>
    public IReadOnlyList<Variable> NonTrainableWeights => Weights.Where(w => !Trainable || !w.Trainable).ToArray();

    /// <summary>The number of scalar weights.</summary>
    public int CountParams() => Weights.Sum(w => w.Value.Size);

    /// <summary>Creates the weights for a per-sample input shape, drawing initial values from <paramref name="random"/>.</summary>
    public void Build(Shape inputShape, RandomGenerator random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (Built)
        {
            if (InputShape is Shape built && built != inputShape)
            {
                throw new ArgumentException($"Layer '{Name}' was built for inputs of shape {built}; got {inputShape}.");
            }

            return;
        }

        _random = random;
        OutputShape = ComputeOutputShape(inputShape);
        Build(inputShape);
        InputShape = inputShape;
        Built = true;
        _random = null;
        _trainable = null;
    }

    /// <summary>Runs the layer on a batch <c>x: [batch, ...]</c>, building it first if needed (seed 0 for its weights).</summary>
    public Tensor Apply(Tensor x, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank < 1)
        {
            throw new ArgumentException($"Layer '{Name}' needs a batch of inputs; got a scalar.");
        }

        var sample = x.Shape.DropFirst();
        if (!Built)
        {
            Build(sample, LazyBuildRandom);
        }
        else if (InputShape is Shape expected && expected != sample)
        {
            throw new ArgumentException(
                $"Layer '{Name}' ({ClassName}) expects inputs of shape {expected.Prepend(x.Shape[0])}; got {x.Shape}.");
        }

        return Call(x, training);
    }

    /// <summary>The per-sample output shape for a per-sample input shape; throws a clear error for an input that does not fit.</summary>
    public virtual Shape ComputeOutputShape(Shape inputShape) => inputShape;

    /// <summary>Creates the weights. Called once, with the per-sample input shape.</summary>
    protected virtual void Build(Shape inputShape)
    {
    }

    /// <summary>Computes the output for a batch <c>x</c> with differentiable ops.</summary>
    protected internal abstract Tensor Call(Tensor x, bool training);

    /// <summary>Creates a weight named <c>{layer}/{name}</c>, filled by <paramref name="initializer"/>.</summary>
    protected Variable AddWeight(string name, Shape shape, Initializer initializer, bool trainable = true)
    {
        var random = BuildRandom;
        var value = new Tensor(shape);
        initializer.Fill(value.Span, shape, random);
        var v = new Variable(value, $"{Name}/{name}", trainable);
        _weights.Add(v);
        return v;
    }

    /// <summary>The generator a layer built by its first <see cref="Apply"/> draws from: seed 0, or a model's own.</summary>
    private protected virtual RandomGenerator LazyBuildRandom => new(0);

    /// <summary>The generator given to <see cref="Build(Shape, RandomGenerator)"/>, for initial values; only while building.</summary>
    protected RandomGenerator BuildRandom =>
        _random ?? throw new InvalidOperationException($"Layer '{Name}': initial values can only be drawn while the layer builds.");

    /// <summary>An error for an input shape the layer cannot take.</summary>
    protected ArgumentException ShapeError(Shape inputShape, string expected) =>
        new($"Layer '{Name}' ({ClassName}) expects {expected}; got per-sample input shape {inputShape}.");

    private string DefaultName
    {
        get
        {
            var sb = new StringBuilder();
            foreach (char c in ClassName)
            {
                if (char.IsUpper(c) && sb.Length > 0 && !char.IsDigit(sb[^1]) && !char.IsUpper(sb[^1]))
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }

            return sb.ToString();
        }
    }

    public override string ToString() => $"{ClassName} '{Name}'";
}
