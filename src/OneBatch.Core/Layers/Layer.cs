using System.Text;
using OneBatch.Activations;
using OneBatch.Autodiff;
using OneBatch.Constraints;
using OneBatch.Initializers;
using OneBatch.Models;
using OneBatch.Regularizers;
using OneBatch.Tensors;

namespace OneBatch.Layers;

/// <summary>
/// The base of every layer, shaped like <c>keras.layers.Layer</c>: the constructor checks and stores settings,
/// <see cref="Build(Shape)"/> creates the weights once the input shape is known, and <see cref="Call(Tensor, bool)"/>
/// computes the output with differentiable <see cref="Ops"/> (a layer holds no backward code). Shapes given to and
/// returned by <c>Build</c> and <see cref="ComputeOutputShape"/> are per sample: they leave out the batch axis.
/// <para>
/// A layer runs on data with <see cref="Apply(Tensor, bool)"/> (building it on first use), or on symbolic
/// <see cref="KerasTensor"/>s to wire a <see cref="Functional"/> model. Most layers take one input and give one
/// output; a layer with several (merge layers, models) overrides the list forms
/// <see cref="ComputeOutputShapes"/>, <see cref="Build(IReadOnlyList{Shape})"/> and
/// <see cref="Call(ReadOnlySpan{Tensor}, Span{Tensor}, bool)"/> instead.
/// </para>
/// </summary>
public abstract class Layer
{
    // The layer that the current forward pass entered through (its public Apply): it collects every activity penalty
    // of the pass, as Keras's outermost call collects the losses of its sublayers.
    [ThreadStatic]
    private static Layer? t_root;

    private readonly List<Variable> _weights = [];
    private readonly List<(string Name, Variable Variable)> _named = [];
    private readonly List<Tensor> _losses = [];
    private readonly List<(Variable Variable, Regularizer Regularizer)> _regularized = [];
    private readonly HashSet<Variable> _regularizedSeen = new(ReferenceEqualityComparer.Instance);
    private int _regularizedEpoch = -1;
    private Tensor? _penalty;
    private Variable[]? _trainable;
    private int _trainableEpoch = -1;
    private RandomGenerator? _random;
    private bool _trainableFlag = true;
    private Shape[] _inputShapes = [];
    private Shape[] _outputShapes = [];
    private Tensor[]? _one;
    private Tensor[]? _oneOut;
    private Shape[]? _symbolicInputShapes;
    private Tensor?[]? _noMasks;

    protected Layer(string? name = null, int[]? inputShape = null)
    {
        if (name is not null && string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A layer name cannot be blank.", nameof(name));
        }

        Name = name ?? DefaultName;
        HasExplicitName = name is not null;
        DeclaredInputShape = inputShape is null ? default(Shape?) : new Shape(inputShape.AsSpan());
        WeightRegularizers = new WeightSettings<Regularizer>(ResolveWeightSettings);
        WeightConstraints = new WeightSettings<Constraint>(ResolveWeightSettings);
    }

    /// <summary>The layer's name, unique within its model (<c>dense</c>, <c>dense_1</c>, ...).</summary>
    public string Name { get; internal set; }

    internal bool HasExplicitName { get; }

    /// <summary>
    /// The name of the layer that wraps this one and owns its weights (a Bidirectional), prefixed to the weights' names
    /// as in Keras (<c>bidirectional/forward_lstm/kernel</c>), so that two wrappers' inner layers never share names.
    /// </summary>
    internal string? Scope { get; set; }

    /// <summary>The Keras class name, such as <c>Dense</c>.</summary>
    public virtual string ClassName => GetType().Name;

    /// <summary>The per-sample input shape given at construction (Keras's <c>input_shape</c>), if any.</summary>
    public Shape? DeclaredInputShape { get; }

    /// <summary>The per-sample shape of each input the layer was built for (empty until built).</summary>
    public IReadOnlyList<Shape> InputShapes => _inputShapes;

    /// <summary>The per-sample shape of each output, once built.</summary>
    public IReadOnlyList<Shape> OutputShapes => _outputShapes;

    /// <summary>The per-sample input shape the layer was built for, when it takes one input.</summary>
    public Shape? InputShape => _inputShapes.Length == 1 ? _inputShapes[0] : (Shape?)null;

    /// <summary>The per-sample shape of the (first) output, once built.</summary>
    public Shape? OutputShape => _outputShapes.Length > 0 ? _outputShapes[0] : (Shape?)null;

    public bool Built { get; private set; }

    /// <summary>When false, none of the layer's weights are trained (Keras's <c>layer.trainable</c>).</summary>
    public bool Trainable
    {
        get => _trainableFlag;
        set
        {
            _trainableFlag = value;
            Variable.Touch();
        }
    }

    /// <summary>
    /// The regularizer of each weight, by weight name (Keras's <c>kernel_regularizer</c>, <c>recurrent_regularizer</c>,
    /// <c>embeddings_regularizer</c>, <c>gamma_regularizer</c>, ...): <c>WeightRegularizers = { ["recurrent_kernel"] = new L2() }</c>.
    /// A trainable weight's penalty is added to the training loss (<see cref="Penalty"/>).
    /// </summary>
    public WeightSettings<Regularizer> WeightRegularizers { get; }

    /// <summary>The constraint of each weight, by weight name (Keras's <c>kernel_constraint</c>, <c>recurrent_constraint</c>, ...), applied after each update.</summary>
    public WeightSettings<Constraint> WeightConstraints { get; }

    /// <summary>Keras's <c>kernel_regularizer</c>: the regularizer of every weight named <c>kernel</c>.</summary>
    public Regularizer? KernelRegularizer
    {
        get => WeightRegularizers["kernel"];
        set => WeightRegularizers["kernel"] = value;
    }

    /// <summary>Keras's <c>bias_regularizer</c>: the regularizer of every weight named <c>bias</c>.</summary>
    public Regularizer? BiasRegularizer
    {
        get => WeightRegularizers["bias"];
        set => WeightRegularizers["bias"] = value;
    }

    /// <summary>Keras's <c>kernel_constraint</c>: the constraint of every weight named <c>kernel</c>.</summary>
    public Constraint? KernelConstraint
    {
        get => WeightConstraints["kernel"];
        set => WeightConstraints["kernel"] = value;
    }

    /// <summary>Keras's <c>bias_constraint</c>: the constraint of every weight named <c>bias</c>.</summary>
    public Constraint? BiasConstraint
    {
        get => WeightConstraints["bias"];
        set => WeightConstraints["bias"] = value;
    }

    /// <summary>
    /// Keras's <c>activity_regularizer</c>: a penalty on each output of each call of the layer, added to the training
    /// loss. See <see cref="ActivityPenaltyPerSample"/> for its scale.
    /// </summary>
    public Regularizer? ActivityRegularizer { get; set; }

    /// <summary>
    /// True (the default) to divide an output's activity penalty by the batch size, as tf.keras 2 and Keras 3.14 do
    /// (and Keras 1, whose penalty was a mean over the batch); false to keep the sum over the batch, as Keras 2.0-2.3 and
    /// Keras 3 before 3.14 computed it. The Keras import sets it from the file's version.
    /// </summary>
    public bool ActivityPenaltyPerSample { get; set; } = true;

    /// <summary>
    /// Keras's <c>layer.losses</c> after the last forward pass that entered through this layer's Apply: the activity
    /// penalty of each output of each call (this layer's and its sublayers'), then the penalty of each regularized
    /// trainable weight. The tensors are valid until the next pass, like the outputs.
    /// </summary>
    public IReadOnlyList<Tensor> Losses => _losses;

    /// <summary>
    /// The sum of <see cref="Losses"/>, a differentiable scalar computed in that forward pass (so a tape recording the
    /// pass has its gradient), or null when the layer has no regularizer: what training adds to the data loss.
    /// </summary>
    public Tensor? Penalty => _penalty;

    /// <summary>The activation applied last to the layer's output, if the layer ends with one (Dense, Activation, ...).</summary>
    public virtual ActivationFunction? OutputActivation => null;

    /// <summary>
    /// True for a layer whose every output value is one of its input values, moved (Reshape, Flatten, Permute): what
    /// reads its output reads its input's values as they are (token ids stay token ids).
    /// </summary>
    public virtual bool OnlyRearranges => false;

    /// <summary>
    /// True for a layer that acts only in training and passes its input through in inference (dropout, noise, data
    /// augmentation): the single-batch check runs it as in inference, to keep the batch fixed, and says so.
    /// </summary>
    public virtual bool ActsOnlyInTraining => false;

    /// <summary>
    /// True when every output value is one of the input values, a mean of some, or a zero of padding (Flatten,
    /// Reshape, pooling, Dropout in inference, Concatenate): the range an activation gave the input still bounds the
    /// output. Diagnoses look through such layers to find what bounds a model's output.
    /// </summary>
    public virtual bool PreservesRange => false;

    /// <summary>All weights, in the order Keras's <c>get_weights()</c> returns them.</summary>
    public virtual IReadOnlyList<Variable> Weights => _weights;

    /// <summary>The weights an optimizer updates.</summary>
    public virtual IReadOnlyList<Variable> TrainableWeights
    {
        get
        {
            int epoch = Variable.Epoch;
            if (_trainable is null || _trainableEpoch != epoch)
            {
                _trainable = Trainable ? Weights.Where(w => w.Trainable).ToArray() : [];
                _trainableEpoch = epoch;
            }

            return _trainable;
        }
    }

    /// <summary>The weights an optimizer leaves alone.</summary>
    public IReadOnlyList<Variable> NonTrainableWeights
    {
        get
        {
            var trainable = TrainableWeights;
            return Weights.Where(w => !trainable.Contains(w)).ToArray();
        }
    }

    /// <summary>The number of scalar weights.</summary>
    public long CountParams() => Weights.Sum(w => (long)w.Value.Size);

    /// <summary>Creates the weights for a per-sample input shape, drawing initial values from <paramref name="random"/>.</summary>
    public void Build(Shape inputShape, RandomGenerator random) => Build([inputShape], random);

    /// <summary>Creates the weights for the per-sample shape of each input, drawing initial values from <paramref name="random"/>.</summary>
    public void Build(IReadOnlyList<Shape> inputShapes, RandomGenerator random)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        ArgumentNullException.ThrowIfNull(random);
        if (Built)
        {
            if (!SameShapes(_inputShapes, inputShapes))
            {
                throw new ArgumentException($"Layer '{Name}' was built for inputs of shape {Describe(_inputShapes)}; got {Describe(inputShapes)}.");
            }

            return;
        }

        Shape[] outputs;
        _random = random;
        try
        {
            outputs = ComputeOutputShapes(inputShapes).ToArray();
            Build(inputShapes);
        }
        catch (TensorSizeException e) when (!e.NamesLayer)
        {
            throw Named(e);
        }
        finally
        {
            _random = null;
        }

        _inputShapes = inputShapes.ToArray();
        _outputShapes = outputs;
        Built = true;
        Variable.Touch();
    }

    /// <summary>Runs the layer on a batch <c>x: [batch, ...]</c>, building it first if needed (see <see cref="LazyBuildRandom"/>).</summary>
    public Tensor Apply(Tensor x, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(x);
        var one = _one ??= new Tensor[1];
        one[0] = x;
        Prepare(one);
        if (_outputShapes.Length != 1)
        {
            throw new InvalidOperationException($"Layer '{Name}' ({ClassName}) gives {_outputShapes.Length} outputs: use ApplyAll.");
        }

        var output = _oneOut ??= new Tensor[1];
        Run(one, output, training);
        return output[0];
    }

    /// <summary>Runs a layer that takes several inputs (a merge layer, a model with several inputs) on a batch of each; returns its (first) output.</summary>
    public Tensor Apply(params Tensor[] inputs) => ApplyAll(inputs)[0];

    /// <summary>Runs the layer on a batch of each input; returns every output.</summary>
    public Tensor[] ApplyAll(params Tensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        Prepare(inputs);
        var outputs = new Tensor[_outputShapes.Length];
        Run(inputs, outputs, training: false);
        return outputs;
    }

    /// <summary>
    /// Runs the layer on a batch of each input, writing each output into <paramref name="outputs"/>: the form that
    /// allocates nothing, for training loops.
    /// </summary>
    public void Apply(ReadOnlySpan<Tensor> inputs, Span<Tensor> outputs, bool training = false)
    {
        Prepare(inputs);
        if (outputs.Length < _outputShapes.Length)
        {
            throw new ArgumentException($"Layer '{Name}' gives {_outputShapes.Length} outputs; the destination has room for {outputs.Length}.", nameof(outputs));
        }

        Run(inputs, outputs, training);
    }

    /// <summary>
    /// Runs the layer as <see cref="Apply(ReadOnlySpan{Tensor}, Span{Tensor}, bool)"/> does, and writes the mask of
    /// each output (null where there is none) into <paramref name="outputMasks"/>: how a model's outputs carry the
    /// padding that an Embedding with <c>mask_zero</c> or a Masking layer marked, for the loss to leave out.
    /// </summary>
    public void Apply(ReadOnlySpan<Tensor> inputs, Span<Tensor> outputs, Span<Tensor?> outputMasks, bool training = false)
    {
        Apply(inputs, outputs, training);
        if (outputMasks.Length < _outputShapes.Length)
        {
            throw new ArgumentException($"Layer '{Name}' gives {_outputShapes.Length} outputs; the mask destination has room for {outputMasks.Length}.", nameof(outputMasks));
        }

        var noMasks = _noMasks ??= new Tensor?[_inputShapes.Length];
        outputMasks[.._outputShapes.Length].Clear();
        if (CreatesMask)
        {
            ComputeMask(inputs, noMasks, outputMasks);
        }
    }

    /// <summary>Applies the layer to a symbolic tensor, as in <c>y = Dense(10)(x)</c>: records the call for a <see cref="Functional"/> model.</summary>
    public KerasTensor Apply(KerasTensor x) => ApplyAll(x)[0];

    /// <summary>Applies a layer that takes several inputs (<c>Add()([a, b])</c>) to symbolic tensors; returns its (first) output.</summary>
    public KerasTensor Apply(params KerasTensor[] inputs) => ApplyAll(inputs)[0];

    /// <summary>Applies the layer to symbolic tensors; returns a symbolic tensor for each output.</summary>
    public KerasTensor[] ApplyAll(params KerasTensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Length == 0 || inputs.Any(i => i is null))
        {
            throw new ArgumentException($"Layer '{Name}' needs at least one input tensor.", nameof(inputs));
        }

        var shapes = inputs.Select(i => i.Shape).ToArray();
        if (Built && !SameShapes(_inputShapes, shapes))
        {
            throw new ArgumentException($"Layer '{Name}' ({ClassName}) was built for inputs of shape {Describe(_inputShapes)}; got {Describe(shapes)}.");
        }

        // A layer called several times shares its weights, so every call must take the shapes of the first.
        if (!Built && _symbolicInputShapes is { } first && !SameShapes(first, shapes))
        {
            throw new ArgumentException(
                $"Layer '{Name}' ({ClassName}) was first applied to inputs of shape {Describe(first)}; got {Describe(shapes)}: a layer called again shares its weights, so it takes the same shapes.");
        }

        _symbolicInputShapes ??= shapes;

        try
        {
            var outputShapes = Built ? _outputShapes : ComputeOutputShapes(shapes).ToArray();
            return new LayerNode(this, inputs, outputShapes).Outputs;
        }
        catch (TensorSizeException e) when (!e.NamesLayer)
        {
            throw Named(e);
        }
    }

    // "layer 'dense_1' (Dense): a tensor of 65,536 x 65,537 = ... values is more than one tensor can hold (...)."
    internal TensorSizeException Named(TensorSizeException e) =>
        new($"Layer '{Name}' ({ClassName}): {e.Message}", e) { NamesLayer = true };

    /// <summary>The per-sample output shape for a per-sample input shape; throws a clear error for an input that does not fit.</summary>
    public virtual Shape ComputeOutputShape(Shape inputShape) => inputShape;

    /// <summary>The per-sample shape of each output for those of the inputs. By default the layer takes exactly one input.</summary>
    public virtual IReadOnlyList<Shape> ComputeOutputShapes(IReadOnlyList<Shape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        if (inputShapes.Count != 1)
        {
            throw new ArgumentException($"Layer '{Name}' ({ClassName}) takes one input; got {inputShapes.Count}.");
        }

        return [ComputeOutputShape(inputShapes[0])];
    }

    /// <summary>Creates the weights. Called once, with the per-sample input shape.</summary>
    protected virtual void Build(Shape inputShape)
    {
    }

    /// <summary>Creates the weights of a layer with several inputs. Called once; by default builds from the one input.</summary>
    protected virtual void Build(IReadOnlyList<Shape> inputShapes) => Build(inputShapes[0]);

    /// <summary>Computes the output for a batch <c>x</c> with differentiable ops.</summary>
    protected internal virtual Tensor Call(Tensor x, bool training) =>
        throw new InvalidOperationException($"Layer '{Name}' ({ClassName}) takes {Math.Max(1, _inputShapes.Length)} inputs.");

    /// <summary>Computes every output from a batch of each input. By default the one input goes to <see cref="Call(Tensor, bool)"/>.</summary>
    protected internal virtual void Call(ReadOnlySpan<Tensor> inputs, Span<Tensor> outputs, bool training) =>
        outputs[0] = Call(inputs[0], training);

    /// <summary>
    /// Computes every output when some input carries a mask (<c>[batch, time]</c>, 1 where a time step is real, 0 where
    /// it is padding; null for an input without one). Layers that read masks (recurrent layers, pooling over time,
    /// attention) override it; by default masks are not looked at.
    /// </summary>
    protected internal virtual void Call(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor?> masks, Span<Tensor> outputs, bool training) =>
        Call(inputs, outputs, training);

    /// <summary>
    /// Keras's <c>supports_masking</c>: a mask on the input passes to the output unchanged (Dense, Dropout,
    /// activations, normalization). A layer that neither supports nor computes masks drops them, as Keras 3 does.
    /// </summary>
    public virtual bool SupportsMasking => false;

    /// <summary>True for a layer that makes a mask of its own from its input (an Embedding with <c>mask_zero</c>, Masking).</summary>
    public virtual bool CreatesMask => false;

    /// <summary>
    /// The mask of each output (null where none) from the inputs and their masks, after <see cref="Call(ReadOnlySpan{Tensor}, ReadOnlySpan{Tensor?}, Span{Tensor}, bool)"/>.
    /// By default the first input's mask when the layer <see cref="SupportsMasking"/>, else none. Masks are constants:
    /// no gradient flows through them.
    /// </summary>
    protected internal virtual void ComputeMask(ReadOnlySpan<Tensor> inputs, ReadOnlySpan<Tensor?> masks, Span<Tensor?> outputMasks)
    {
        var mask = SupportsMasking && masks.Length > 0 ? masks[0] : null;
        for (int i = 0; i < outputMasks.Length; i++)
        {
            outputMasks[i] = mask;
        }
    }

    /// <summary>For a model whose layers change after it is built (a layer added to a Sequential): its new output shapes.</summary>
    private protected void SetOutputShapes(params Shape[] shapes) => _outputShapes = shapes;

    /// <summary>
    /// Creates a weight named <c>{layer}/{name}</c>, filled by <paramref name="initializer"/>, with the regularizer and
    /// constraint the layer's settings give <paramref name="name"/>.
    /// </summary>
    protected Variable AddWeight(string name, Shape shape, Initializer initializer, bool trainable = true)
    {
        var random = BuildRandom;
        var value = random.DryRun ? Tensor.Unallocated(shape) : new Tensor(shape);
        if (!random.DryRun)
        {
            initializer.Fill(value.Span, shape, random);
        }

        var v = new Variable(value, Scope is null ? $"{Name}/{name}" : $"{Scope}/{Name}/{name}", trainable);
        _weights.Add(v);
        _named.Add((name, v));
        Resolve(name, v);
        return v;
    }

    // Gives each weight the regularizer and constraint its name has now.
    private void ResolveWeightSettings()
    {
        foreach (var (name, v) in _named)
        {
            Resolve(name, v);
        }
    }

    private void Resolve(string name, Variable v)
    {
        var constraint = WeightConstraints.For(name);
        try
        {
            constraint?.Validate(v.Shape);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Layer '{Name}' ({ClassName}): the constraint of its weight '{name}' cannot apply: {e.Message}", e);
        }

        v.Regularizer = WeightRegularizers.For(name);
        v.Constraint = constraint;
    }

    /// <summary>Takes the regularizers and constraints of <paramref name="source"/> (a wrapper's copy of a layer's settings).</summary>
    internal void CopyPenaltySettings(Layer source)
    {
        WeightRegularizers.CopyFrom(source.WeightRegularizers);
        WeightConstraints.CopyFrom(source.WeightConstraints);
        ActivityRegularizer = source.ActivityRegularizer;
        ActivityPenaltyPerSample = source.ActivityPenaltyPerSample;
    }

    // One forward pass through the public Apply: a pass entered here collects the activity penalties of every call in
    // it, then adds the weight penalties (Keras computes both into the loss of the outermost call).
    private void Run(ReadOnlySpan<Tensor> inputs, Span<Tensor> outputs, bool training)
    {
        bool root = t_root is null;
        if (root)
        {
            t_root = this;
            _losses.Clear();
            _penalty = null;
        }

        try
        {
            Call(inputs, outputs, training);
            AddActivityPenalty(this, outputs[.._outputShapes.Length]);
            if (root)
            {
                AddWeightPenalties();
            }
        }
        finally
        {
            if (root)
            {
                t_root = null;
            }
        }
    }

    /// <summary>
    /// Adds the activity penalty of <paramref name="layer"/>'s outputs of one call to the pass under way (Keras's
    /// <c>add_loss(activity_regularizer(output))</c>); a model calls it for each layer it runs, a wrapper for the layer it wraps.
    /// </summary>
    internal static void AddActivityPenalty(Layer layer, ReadOnlySpan<Tensor> outputs)
    {
        if (layer.ActivityRegularizer is not { } regularizer || t_root is not { } root)
        {
            return;
        }

        foreach (var output in outputs)
        {
            var penalty = regularizer.Call(output);
            if (layer.ActivityPenaltyPerSample && output.Rank > 0 && output.Shape[0] > 0)
            {
                penalty = Ops.Scale(penalty, 1f / output.Shape[0]);
            }

            root.AddLoss(penalty);
        }
    }

    // The list of regularized weights is gathered again, without allocating, whenever some model's weights may have
    // changed: another model built in parallel must not make a training step allocate.
    private void AddWeightPenalties()
    {
        int epoch = Variable.Epoch;
        if (epoch != _regularizedEpoch)
        {
            _regularized.Clear();
            _regularizedSeen.Clear();
            CollectRegularized(_regularized, _regularizedSeen);
            _regularizedEpoch = epoch;
        }

        foreach (var (variable, regularizer) in _regularized)
        {
            AddLoss(regularizer.Call(variable.Value));
        }
    }

    /// <summary>
    /// Adds each trainable weight of the layer that has a regularizer, once: Keras 3 penalizes the trainable weights
    /// only, so a frozen layer's regularizers add nothing. A layer that holds others (a model, a wrapper) adds theirs.
    /// </summary>
    internal virtual void CollectRegularized(List<(Variable Variable, Regularizer Regularizer)> into, HashSet<Variable> seen)
    {
        if (!Trainable)
        {
            return;
        }

        var weights = Weights;
        for (int i = 0; i < weights.Count; i++)
        {
            var w = weights[i];
            if (w.Trainable && w.Regularizer is { } regularizer && seen.Add(w))
            {
                into.Add((w, regularizer));
            }
        }
    }

    private void AddLoss(Tensor loss)
    {
        _losses.Add(loss);
        _penalty = _penalty is null ? loss : Ops.Add(_penalty, loss);
    }

    /// <summary>The generator a layer built by its first <see cref="Apply(Tensor, bool)"/> draws from: seed 0, or a model's own.</summary>
    private protected virtual RandomGenerator LazyBuildRandom => new(0);

    /// <summary>The generator given to <see cref="Build(Shape, RandomGenerator)"/>, for initial values; only while building.</summary>
    protected RandomGenerator BuildRandom =>
        _random ?? throw new InvalidOperationException($"Layer '{Name}': initial values can only be drawn while the layer builds.");

    /// <summary>An error for an input shape the layer cannot take.</summary>
    protected ArgumentException ShapeError(Shape inputShape, string expected) =>
        new($"Layer '{Name}' ({ClassName}) expects {expected}; got per-sample input shape {inputShape}.");

    /// <summary>An error for input shapes a layer with several inputs cannot take.</summary>
    protected ArgumentException ShapeError(IReadOnlyList<Shape> inputShapes, string expected) =>
        new($"Layer '{Name}' ({ClassName}) expects {expected}; got per-sample input shapes {Describe(inputShapes)}.");

    // Builds on first use, then checks that the batch fits what the layer was built for.
    private void Prepare(ReadOnlySpan<Tensor> inputs)
    {
        if (inputs.Length == 0)
        {
            throw new ArgumentException($"Layer '{Name}' needs at least one input.");
        }

        for (int i = 0; i < inputs.Length; i++)
        {
            if (inputs[i] is null)
            {
                throw new ArgumentNullException(nameof(inputs), $"Layer '{Name}': input {i} is null.");
            }

            if (inputs[i].Rank < 1)
            {
                throw new ArgumentException($"Layer '{Name}' needs a batch of inputs; got a scalar.");
            }
        }

        if (!Built)
        {
            var shapes = new Shape[inputs.Length];
            for (int i = 0; i < inputs.Length; i++)
            {
                shapes[i] = inputs[i].Shape.DropFirst();
            }

            Build(shapes, LazyBuildRandom);
            return;
        }

        if (inputs.Length != _inputShapes.Length)
        {
            throw new ArgumentException($"Layer '{Name}' ({ClassName}) takes {_inputShapes.Length} inputs; got {inputs.Length}.");
        }

        int batch = inputs[0].Shape[0];
        for (int i = 0; i < inputs.Length; i++)
        {
            var shape = inputs[i].Shape;
            if (shape.DropFirst() != _inputShapes[i])
            {
                string which = inputs.Length == 1 ? "inputs" : $"input {i + 1}";
                throw new ArgumentException(
                    $"Layer '{Name}' ({ClassName}) expects {which} of shape {_inputShapes[i].Prepend(shape[0])}; got {shape}.");
            }

            if (shape[0] != batch)
            {
                throw new ArgumentException($"Layer '{Name}' ({ClassName}): input {i + 1} holds {shape[0]} samples but input 1 holds {batch}.");
            }
        }
    }

    private static bool SameShapes(IReadOnlyList<Shape> a, IReadOnlyList<Shape> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (int i = 0; i < a.Count; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }

    private protected static string Describe(IReadOnlyList<Shape> shapes) =>
        shapes.Count == 1 ? shapes[0].ToString() : "(" + string.Join(", ", shapes) + ")";

    // Keras's to_snake_case: an underscore before a capital that starts a lowercase run (after any character), and
    // between a lowercase letter and a capital, so that Conv2D is conv2d, SimpleRNN simple_rnn and LSTM lstm.
    private string DefaultName
    {
        get
        {
            string c = ClassName;
            var sb = new StringBuilder();
            for (int i = 0; i < c.Length; i++)
            {
                bool startsWord = i > 0 && char.IsUpper(c[i]) && i + 1 < c.Length && (char.IsLower(c[i + 1]) || char.IsDigit(c[i + 1]));
                bool afterLower = i > 0 && char.IsUpper(c[i]) && char.IsLower(c[i - 1]);
                if ((startsWord || afterLower) && sb.Length > 0 && sb[^1] != '_')
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c[i]));
            }

            return sb.ToString();
        }
    }

    public override string ToString() => $"{ClassName} '{Name}'";
}
