using OneBatch.Autodiff;
using OneBatch.Layers;
using OneBatch.Models;
using OneBatch.Tensors;

namespace OneBatch.Check.Diagnostics;

/// <summary>
/// The batch-mixing test of Karpathy's recipe: the gradient of one sample's outputs (their sum) with respect to every
/// other sample's inputs must be zero. Run once on the fixed batch, in inference mode (Dropout off);
/// BatchNormalization layers, which mix samples by design when they use batch statistics, run on their moving
/// statistics for the test and are named as skipped.
/// </summary>
internal static class BatchMixingProbe
{
    public static BatchMixingResult? Measure(Model model, LayerGraph graph, IReadOnlyList<Tensor> inputs)
    {
        if (inputs.Count == 0 || inputs[0].Rank == 0 || inputs[0].Shape[0] < 2)
        {
            return null;
        }

        var normalizations = graph.Calls.Select(c => c.Layer).OfType<BatchNormalization>().Distinct().ToArray();
        var previous = normalizations.Select(b => b.UseBatchStatisticsInInference).ToArray();
        foreach (var b in normalizations)
        {
            b.UseBatchStatisticsInInference = false;
        }

        try
        {
            return Measure(model, inputs, normalizations.Select(b => b.Name).ToArray());
        }
        finally
        {
            for (int i = 0; i < normalizations.Length; i++)
            {
                normalizations[i].UseBatchStatisticsInInference = previous[i];
            }
        }
    }

    private static BatchMixingResult Measure(Model model, IReadOnlyList<Tensor> inputs, IReadOnlyList<string> skipped)
    {
        const int sample = 0;
        var fed = inputs.Select(x => x.Clone()).ToArray();
        var outputs = new Tensor[model.OutputNames.Count];
        var mixed = new SortedSet<int>();
        var untested = new List<string>();
        float own = 0f, leak = 0f;
        using var tape = new GradientTape();
        model.Apply(fed, outputs, training: false);
        Tensor? target = null;
        foreach (var output in outputs)
        {
            var mask = new Tensor(output.Shape);
            int width = output.Size / Math.Max(1, output.Shape[0]);
            mask.Span.Slice(sample * width, width).Fill(1f);
            var part = Ops.Sum(Ops.Multiply(output, mask));
            target = target is null ? part : Ops.Add(target, part);
        }

        tape.Dispose();
        for (int k = 0; k < fed.Length; k++)
        {
            if (target is null || tape.Gradient(target, fed[k]) is not { } gradient)
            {
                untested.Add(model.InputNames[k]);
                continue;
            }

            int n = fed[k].Shape[0];
            int width = fed[k].Size / n;
            var g = gradient.ReadOnlySpan;
            for (int i = 0; i < n; i++)
            {
                float largest = TensorPrimitives.MaxMagnitude(g.Slice(i * width, width));
                largest = MathF.Abs(largest);
                if (i == sample)
                {
                    own = MathF.Max(own, largest);
                }
                else if (largest > 0f)
                {
                    mixed.Add(i);
                    leak = MathF.Max(leak, largest);
                }
            }
        }

        return new BatchMixingResult(sample, [.. mixed], own > 0f ? leak / own : leak, skipped, untested);
    }
}
