using OneBatch.Kernels;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Check;

/// <summary>
/// The single-batch check: train a model on one fixed batch until it has memorized it, and say why when it cannot.
/// <code>
/// var report = SingleBatchCheck.Run(model, x, y, loss: "mse", optimizer: new Adam(0.001f));
/// if (!report.Memorized) foreach (var d in report.Diagnoses) Console.WriteLine($"{d.Code}: {d.Message}");
/// </code>
/// The model is trained in place. The batch is never shuffled, and layers run as in inference (dropout off), except
/// that trainable BatchNormalization layers normalize with the statistics of the batch. A model with several inputs
/// and outputs takes a batch per input, a target per output and a <see cref="CompiledLoss"/>; it is memorized when
/// every output is.
/// </summary>
public static class SingleBatchCheck
{
    public static CheckReport Run(Model model, Tensor x, Tensor y, Loss loss, Optimizer optimizer, CheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(loss);
        return Run(model, [x], [y], new CompiledLoss(loss), optimizer, options);
    }

    /// <summary>Checks a ready-made case (a seed demo, or a model and batch loaded from files).</summary>
    public static CheckReport Run(CheckCase checkCase, Optimizer optimizer, CheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(checkCase);
        return Run(checkCase.Model, checkCase.Inputs, checkCase.Targets, checkCase.Loss, optimizer, options, checkCase.Notes, checkCase.Synthetic, checkCase.Settings, givenWeights: checkCase.InitialWeights is not null);
    }

    public static CheckReport Run(
        Model model, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> targets, CompiledLoss loss, Optimizer optimizer, CheckOptions? options = null) =>
        Run(model, inputs, targets, loss, optimizer, options, [], synthetic: false, settings: [], givenWeights: false);

    /// <summary>
    /// The check as a test assertion: runs <see cref="Run(Model, Tensor, Tensor, Loss, Optimizer, CheckOptions?)"/> and
    /// returns the report when the batch was memorized, else throws a <see cref="NotMemorizedException"/> whose message
    /// is the verdict, the diagnoses with their advice and the notes. It depends on no test framework, so it works
    /// in xunit, NUnit and MSTest alike:
    /// <code>
    /// [Fact]
    /// public void TheModelCanLearn() =&gt; SingleBatchCheck.AssertMemorizes(model, x, y, loss: "mse", optimizer: new Adam(1e-3f));
    /// </code>
    /// There is no async form: the check is CPU-bound work on the calling thread, and a <c>Task.Run</c> wrapper would
    /// only move it to another thread.
    /// </summary>
    /// <exception cref="NotMemorizedException">The batch was not memorized.</exception>
    public static CheckReport AssertMemorizes(Model model, Tensor x, Tensor y, Loss loss, Optimizer optimizer, CheckOptions? options = null) =>
        Memorized(Run(model, x, y, loss, optimizer, options));

    /// <summary>The assertion on a ready-made case (a seed demo, or a model and batch loaded from files).</summary>
    /// <exception cref="NotMemorizedException">The batch was not memorized.</exception>
    public static CheckReport AssertMemorizes(CheckCase checkCase, Optimizer optimizer, CheckOptions? options = null) =>
        Memorized(Run(checkCase, optimizer, options));

    /// <summary>The assertion on a model with several inputs and outputs: a batch per input, a target per output.</summary>
    /// <exception cref="NotMemorizedException">The batch was not memorized (by any output).</exception>
    public static CheckReport AssertMemorizes(
        Model model, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> targets, CompiledLoss loss, Optimizer optimizer, CheckOptions? options = null) =>
        Memorized(Run(model, inputs, targets, loss, optimizer, options));

    private static CheckReport Memorized(CheckReport report) =>
        report.Memorized ? report : throw new NotMemorizedException(report);

    /// <summary>
    /// The share of samples classified right: argmax of prediction against argmax of a one-hot target or an integer
    /// label; for a binary cross-entropy, the prediction's side of 0.5 (of 0 for logits) against the target's. 1 for a
    /// regression loss, which has no accuracy.
    /// </summary>
    public static float Accuracy(Loss loss, Tensor predictions, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(loss);
        return loss.Accuracy(predictions, y) ?? 1f;
    }

    private static CheckReport Run(
        Model model, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> targets, CompiledLoss loss, Optimizer optimizer, CheckOptions? options,
        IReadOnlyList<string> notes, bool synthetic, IReadOnlyList<SettingSource> settings, bool givenWeights)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        options ??= new CheckOptions();
        options.Validate();
        ValidateBatch(inputs, targets, loss);
        MemoryEstimate? estimate = null;
        if (model.Built)
        {
            // Before the optimizer's state, the gradients and the activations exist: the weights are all there is yet.
            estimate = MemoryEstimate.For(model, inputs[0].Shape[0], optimizer);
            estimate.EnsureFits(options.MaxMemory);
        }

        var report = new CheckRun(model, inputs, targets, loss, optimizer, options, notes) { Synthetic = synthetic, Settings = settings, GivenWeights = givenWeights }.Execute();
        report.MemoryEstimate = estimate;
        return report;
    }

    internal static void ValidateBatch(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> targets, CompiledLoss loss)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputs.Count == 0 || inputs.Any(x => x is null))
        {
            throw new ArgumentException("The batch needs a tensor for every input of the model.");
        }

        if (targets.Count != loss.Count || targets.Any(y => y is null))
        {
            throw new ArgumentException($"The loss covers {loss.Count} outputs but {targets.Count} targets were given.");
        }

        var x = inputs[0];
        if (x.Rank < 1 || x.Shape[0] == 0)
        {
            throw new ArgumentException($"The batch x is empty (shape {x.Shape}).");
        }

        for (int i = 0; i < inputs.Count; i++)
        {
            string name = inputs.Count == 1 ? "x" : $"x[{i}]";
            if (inputs[i].Rank < 1 || inputs[i].Shape[0] != x.Shape[0])
            {
                throw new ArgumentException($"x holds {x.Shape[0]} samples but {name} has shape {inputs[i].Shape}: their batch sizes differ.");
            }

            if (!Elementwise.AllFinite(inputs[i].ReadOnlySpan))
            {
                throw new ArgumentException($"The batch {name} contains NaN or infinite values.");
            }
        }

        for (int i = 0; i < targets.Count; i++)
        {
            string name = targets.Count == 1 ? "y" : $"y[{i}]";
            if (targets[i].Rank < 1 || targets[i].Shape[0] != x.Shape[0])
            {
                throw new ArgumentException($"x holds {x.Shape[0]} samples but {name} has shape {targets[i].Shape}: their batch sizes differ.");
            }

            if (!Elementwise.AllFinite(targets[i].ReadOnlySpan))
            {
                throw new ArgumentException($"The targets {name} contain NaN or infinite values.");
            }
        }
    }
}
