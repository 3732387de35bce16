using OneBatch.Check.Training;
using OneBatch.Kernels;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// Finds where a non-finite loss at step <c>s</c> came from: replays the run from its initial weights (with a fresh
/// optimizer of the same kind) to the last finite step <c>s - 1</c>, then checks in order the gradients of that
/// step's backward pass, the weights its update wrote, and the next forward pass call by call (in the order the model
/// runs them, nested models opened up, so the first is the earliest in the graph). Without a way to
/// replay, it checks the final weights and forward pass only. The model is left with the weights of step <c>s</c>.
/// </summary>
internal static class NonFiniteLocator
{
    public static NonFiniteOrigin Locate(
        Model model, LayerGraph graph, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> targets, CompiledLoss loss, Optimizer optimizer,
        FixedBatchCache fixedBatch, IReadOnlyList<float[]> initialWeights, int step, float lossValue)
    {
        var variables = model.TrainableVariables;
        var fresh = step > 0 ? optimizer.CreateFresh(optimizer.LearningRate) : null;
        if (fresh is not null)
        {
            model.SetWeights(initialWeights);
            var replay = new TrainStep(model, inputs, targets, loss, fresh, fixedBatch);
            for (int i = 0; i < step - 1; i++)
            {
                replay.Run();
            }

            float before = Largest(model);
            if (float.IsFinite(replay.Forward()))
            {
                replay.Backward();
                var gradients = replay.Gradients;
                for (int i = variables.Count - 1; i >= 0; i--)
                {
                    if (gradients[i] is { } g && !Elementwise.AllFinite(g.ReadOnlySpan))
                    {
                        return new NonFiniteOrigin(step, lossValue, "backward", LayerOf(graph, variables[i]), variables[i].Name, before);
                    }
                }

                replay.Update();
                for (int i = 0; i < variables.Count; i++)
                {
                    if (!Elementwise.AllFinite(variables[i].Value.ReadOnlySpan))
                    {
                        return new NonFiniteOrigin(step, lossValue, "update", LayerOf(graph, variables[i]), variables[i].Name, before);
                    }
                }

                return Forward(model, graph, inputs, targets, loss, step, lossValue, before);
            }
        }
        else if (step > 0)
        {
            for (int i = 0; i < variables.Count; i++)
            {
                if (!Elementwise.AllFinite(variables[i].Value.ReadOnlySpan))
                {
                    return new NonFiniteOrigin(step, lossValue, "update", LayerOf(graph, variables[i]), variables[i].Name, float.NaN);
                }
            }
        }

        return Forward(model, graph, inputs, targets, loss, step, lossValue, Largest(model));
    }

    private static NonFiniteOrigin Forward(
        Model model, LayerGraph graph, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> targets, CompiledLoss loss, int step, float lossValue, float largest)
    {
        var outputs = new Tensor[model.OutputShapes.Count];
        model.Apply(inputs.ToArray(), outputs, training: false);
        foreach (var call in graph.Calls)
        {
            if (call.Output is { } output && !Elementwise.AllFinite(output.ReadOnlySpan))
            {
                return new NonFiniteOrigin(step, lossValue, "forward", call.Path, null, largest);
            }
        }

        _ = loss.Call(targets.ToArray(), outputs);
        return new NonFiniteOrigin(step, lossValue, "loss", null, null, largest);
    }

    private static string? LayerOf(LayerGraph graph, Autodiff.Variable v) =>
        graph.Calls.FirstOrDefault(c => c.Layer.Weights.Contains(v))?.Path;

    private static float Largest(Model model)
    {
        float largest = 0f;
        foreach (var w in model.Weights)
        {
            var s = w.Value.ReadOnlySpan;
            if (!s.IsEmpty)
            {
                largest = MathF.Max(largest, TensorPrimitives.MaxMagnitude(s) is var m && float.IsNaN(m) ? float.PositiveInfinity : MathF.Abs(m));
            }
        }

        return largest;
    }
}
