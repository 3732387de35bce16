using OneBatch.Autodiff;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Check.Training;

/// <summary>
/// One training step on a fixed batch, written as the seed's GradientTape loop, with one tape kept across steps so
/// that a step in steady state allocates nothing. Layers run with <c>training: false</c> (dropout off). A model with
/// several inputs and outputs takes a batch for each input, a target for each output, and the loss of each output.
/// The loss trained is Keras's: the compiled loss of the outputs (the data loss) plus the model's
/// <see cref="Layers.Layer.Penalty"/> (its weight and activity regularizers), each kept apart as well.
/// Calls that cannot change on a fixed batch (a frozen base model, a frozen Embedding, preprocessing) run once
/// (<see cref="FixedBatchCache"/>): the batch and those layers' weights must stay as they are for the step's life.
/// </summary>
public sealed class TrainStep
{
    private readonly Model _model;
    private readonly Tensor[] _inputs;
    private readonly Tensor[] _targets;
    private readonly CompiledLoss _loss;
    private readonly Optimizer _optimizer;
    private readonly GradientTape _tape = new();
    private readonly FixedBatchCache _fixedBatch;
    private readonly Tensor[] _outputs;
    private readonly Tensor?[] _outputMasks;
    private readonly IReadOnlyList<Variable> _trainable;
    private readonly Tensor?[] _gradients;
    private Tensor? _lossTensor;
    private Tensor? _dataLoss;
    private Tensor? _penalty;

    public TrainStep(Model model, Tensor x, Tensor y, Loss loss, Optimizer optimizer)
        : this(model, [x], [y], new CompiledLoss(loss), optimizer)
    {
    }

    /// <param name="fixedBatch">
    /// What earlier steps on the same model and batch computed once (shared by steps that retrain from other starting
    /// weights or rates, whose frozen layers are the same); a new one when null.
    /// </param>
    public TrainStep(Model model, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> targets, CompiledLoss loss, Optimizer optimizer, FixedBatchCache? fixedBatch = null)
    {
        _tape.Dispose();
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);

        // A model that declares no input shape builds on its first call; build it now, so that its weights exist
        // before they are counted.
        if (!model.Built)
        {
            var seed = model is Sequential s ? s.Seed : 0;
            model.Build(inputs.Select(x => x.Shape.DropFirst()).ToArray(), new RandomGenerator(seed));
        }

        if (model.OutputShapes.Count != loss.Count || targets.Count != loss.Count)
        {
            throw new ArgumentException($"The model has {model.OutputShapes.Count} outputs; got {targets.Count} targets and {loss.Count} losses.");
        }

        _model = model;
        _inputs = inputs.ToArray();
        _targets = targets.ToArray();
        _loss = loss;
        _optimizer = optimizer;
        _outputs = new Tensor[model.OutputShapes.Count];
        _outputMasks = new Tensor?[model.OutputShapes.Count];
        _trainable = model.TrainableVariables;
        _gradients = new Tensor?[_trainable.Count];
        _fixedBatch = fixedBatch ?? new FixedBatchCache();
    }

    /// <summary>The predictions of the (first) output at the last <see cref="Forward"/> (valid until the next one).</summary>
    public Tensor? Predictions => _lossTensor is null ? null : _outputs[0];

    /// <summary>The predictions of every output at the last <see cref="Forward"/> (valid until the next one).</summary>
    public IReadOnlyList<Tensor> Outputs => _outputs;

    /// <summary>The mask each output carried at the last <see cref="Forward"/> (null where none): padding the loss left out.</summary>
    public IReadOnlyList<Tensor?> OutputMasks => _outputMasks;

    /// <summary>The calls that cannot change on this batch, run once and reused (see <see cref="FixedBatchCache"/>).</summary>
    public FixedBatchCache FixedBatch => _fixedBatch;

    /// <summary>The trainable variables the step updates, in the order of <see cref="Gradients"/>.</summary>
    public IReadOnlyList<Variable> Variables => _trainable;

    /// <summary>The gradients of the last <see cref="Backward"/>, one per trainable variable (valid until the next step).</summary>
    public ReadOnlySpan<Tensor?> Gradients => _gradients;

    /// <summary>The loss of output <paramref name="output"/> at the last <see cref="Forward"/>.</summary>
    public float OutputLoss(int output) => _loss.OutputLosses[output].ToScalar();

    /// <summary>The compiled loss of the outputs, without the regularizers' penalty, at the last <see cref="Forward"/>.</summary>
    public float DataLoss => _dataLoss?.ToScalar() ?? float.NaN;

    /// <summary>The regularizers' penalty (weights and activities) at the last <see cref="Forward"/>; 0 for a model without regularizers.</summary>
    public float Penalty => _penalty?.ToScalar() ?? 0f;

    /// <summary>True when the model has regularizers, so the loss trained is the data loss plus a penalty.</summary>
    public bool HasPenalty => _penalty is not null;

    /// <summary>Runs the model and the loss on the batch, recording for the backward pass; returns the loss trained (data loss + penalty).</summary>
    public float Forward()
    {
        _tape.Reset();
        try
        {
            _model.Apply(_inputs, _outputs, _outputMasks, _fixedBatch);
            _dataLoss = _loss.Call(_targets, _outputs, _outputMasks);
            _penalty = _model.Penalty;
            _lossTensor = _penalty is null ? _dataLoss : Ops.Add(_dataLoss, _penalty);
        }
        finally
        {
            _tape.Dispose();
        }

        return _lossTensor.ToScalar();
    }

    /// <summary>Computes the gradients of the last forward's loss.</summary>
    public void Backward() => _tape.Gradient(_lossTensor!, _trainable, _gradients);

    /// <summary>Applies the gradients of the last <see cref="Backward"/>.</summary>
    public void Update() => _optimizer.ApplyGradients(_gradients, _trainable);

    /// <summary>forward, loss, backward, update: one full training step; returns the loss before the update.</summary>
    public float Run()
    {
        float loss = Forward();
        Backward();
        Update();
        return loss;
    }
}
