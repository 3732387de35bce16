using OneBatch.Autodiff;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Check;

/// <summary>
/// One training step on a fixed batch, written as the seed's GradientTape loop, with one tape kept across steps so
/// that a step in steady state allocates nothing. Layers run with <c>training: false</c> (dropout off).
/// </summary>
public sealed class TrainStep
{
    private readonly Sequential _model;
    private readonly Tensor _x;
    private readonly Tensor _y;
    private readonly Loss _loss;
    private readonly Optimizer _optimizer;
    private readonly GradientTape _tape = new();
    private readonly Tensor?[] _gradients;
    private Tensor? _lossTensor;

    public TrainStep(Sequential model, Tensor x, Tensor y, Loss loss, Optimizer optimizer)
    {
        _tape.Dispose();

        // A model that declares no input shape builds on its first call; build it now, so that its weights exist
        // before they are counted.
        if (!model.Built)
        {
            model.Build(x.Shape.DropFirst(), new RandomGenerator(model.Seed));
        }

        _model = model;
        _x = x;
        _y = y;
        _loss = loss;
        _optimizer = optimizer;
        _gradients = new Tensor?[model.TrainableVariables.Count];
    }

    /// <summary>The predictions of the last <see cref="Forward"/> (valid until the next one).</summary>
    public Tensor? Predictions { get; private set; }

    /// <summary>The gradients of the last <see cref="Backward"/>, one per trainable variable (valid until the next step).</summary>
    public ReadOnlySpan<Tensor?> Gradients => _gradients;

    /// <summary>Runs the model and the loss on the batch, recording for the backward pass; returns the loss.</summary>
    public float Forward()
    {
        _tape.Reset();
        try
        {
            Predictions = _model.Apply(_x, training: false);
            _lossTensor = _loss.Call(_y, Predictions);
        }
        finally
        {
            _tape.Dispose();
        }

        return _lossTensor.ToScalar();
    }

    /// <summary>Computes the gradients of the last forward's loss.</summary>
    public void Backward() => _tape.Gradient(_lossTensor!, _model.TrainableVariables, _gradients);

    /// <summary>Applies the gradients of the last <see cref="Backward"/>.</summary>
    public void Update() => _optimizer.ApplyGradients(_gradients, _model.TrainableVariables);

    /// <summary>forward, loss, backward, update: one full training step; returns the loss before the update.</summary>
    public float Run()
    {
        float loss = Forward();
        Backward();
        Update();
        return loss;
    }
}
