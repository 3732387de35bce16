using OneBatch.Kernels;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// Finds where a non-finite loss at step <c>s</c> came from: replays the run from its initial weights (with a fresh
/// optimizer of the same kind) to the last finite step <c>s - 1</c>, then checks in order the gradients of that
/// step's backward pass, the weights its update wrote, and the next forward pass layer by layer. Without a way to
/// replay, it checks the final weights and forward pass only. The model is left with the weights of step <c>s</c>.
/// </summary>
internal static class NonFiniteLocator
{
    public static NonFiniteOrigin Locate(
        Sequential model, Tensor x, Tensor y, Loss loss, Optimizer optimizer, IReadOnlyList<float[]> initialWeights, int step, float lossValue)
    {
        var variables = model.TrainableVariables;
        var fresh = step > 0 ? optimizer.CreateFresh(optimizer.LearningRate) : null;
        if (fresh is not null)
        {
            model.SetWeights(initialWeights);
            var replay = new TrainStep(model, x, y, loss, fresh);
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
                        return new NonFiniteOrigin(step, lossValue, "backward", LayerOf(model, i), variables[i].Name, before);
                    }
                }

                replay.Update();
                for (int i = 0; i < variables.Count; i++)
                {
                    if (!Elementwise.AllFinite(variables[i].Value.ReadOnlySpan))
                    {
                        return new NonFiniteOrigin(step, lossValue, "update", LayerOf(model, i), variables[i].Name, before);
                    }
                }

                return Forward(model, x, y, loss, step, lossValue, before);
            }
        }
        else if (step > 0)
        {
            for (int i = 0; i < variables.Count; i++)
            {
                if (!Elementwise.AllFinite(variables[i].Value.ReadOnlySpan))
                {
                    return new NonFiniteOrigin(step, lossValue, "update", LayerOf(model, i), variables[i].Name, float.NaN);
                }
            }
        }

        return Forward(model, x, y, loss, step, lossValue, Largest(model));
    }

    private static NonFiniteOrigin Forward(Sequential model, Tensor x, Tensor y, Loss loss, int step, float lossValue, float largest)
    {
        model.Apply(x, training: false);
        var outputs = model.LastLayerOutputs;
        for (int l = 0; l < outputs.Count; l++)
        {
            if (!Elementwise.AllFinite(outputs[l].ReadOnlySpan))
            {
                return new NonFiniteOrigin(step, lossValue, "forward", model.Layers[l].Name, null, largest);
            }
        }

        _ = loss.Call(y, outputs[^1]);
        return new NonFiniteOrigin(step, lossValue, "loss", null, null, largest);
    }

    private static string? LayerOf(Sequential model, int variable)
    {
        var v = model.TrainableVariables[variable];
        return model.Layers.FirstOrDefault(l => l.Weights.Contains(v))?.Name;
    }

    private static float Largest(Sequential model)
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
