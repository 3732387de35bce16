using OneBatch.Autodiff;
using OneBatch.Optimizers;
using OneBatch.Tensors;

namespace OneBatch.Tests.Optimizers;

/// <summary>Runs an optimizer for a few steps on one small variable and compares the weights with values worked out by hand.</summary>
internal static class OptimizerSteps
{
    /// <summary>The weights after each step, one gradient per step.</summary>
    public static float[][] Run(Optimizer optimizer, float[] start, params float[][] gradients)
    {
        var v = new Variable(Tensor.FromArray(start, start.Length), "w");
        var result = new float[gradients.Length][];
        for (int t = 0; t < gradients.Length; t++)
        {
            optimizer.ApplyGradients([Tensor.FromArray(gradients[t], start.Length)], [v]);
            result[t] = v.Value.ToArray();
        }

        return result;
    }

    /// <summary>The engine computes in float32: agreement to a relative 1e-5.</summary>
    public static void Near(double[] expected, float[] actual, string label = "")
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(
                Math.Abs(actual[i] - expected[i]) <= 1e-5 * Math.Max(1, Math.Abs(expected[i])),
                $"{label} weight {i}: {actual[i]:G9}, expected {expected[i]:G9}");
        }
    }
}
