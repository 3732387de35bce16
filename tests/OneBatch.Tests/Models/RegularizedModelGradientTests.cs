using OneBatch.Autodiff;
using OneBatch.Layers;
using OneBatch.Losses;
using OneBatch.Models;
using OneBatch.Regularizers;
using OneBatch.Tensors;

namespace OneBatch.Tests.Models;

public sealed class RegularizedModelGradientTests
{
    [Fact]
    public void TheTotalLossGradientMatchesFiniteDifferences()
    {
        // total = MSE + every weight penalty + every activity penalty (per sample), as Keras trains it. Central
        // differences of the total in double against the tape's gradient for every trainable weight.
        var model = new Sequential(
        [
            new Dense(4, activation: "tanh", inputShape: [3])
            {
                KernelRegularizer = new L2(0.05f),
                BiasRegularizer = new L1L2(0f, 0.1f),
                ActivityRegularizer = new L2(0.01f),
            },
            new Dense(2) { KernelRegularizer = new L1(0.02f), ActivityRegularizer = new L1L2(0.01f, 0.02f) },
        ], seed: 3);
        var random = new RandomGenerator(7);
        var x = random.Uniform(new Shape(5, 3));
        var y = random.Uniform(new Shape(5, 2));
        foreach (var v in model.TrainableVariables)
        {
            // Biases start at 0, the L1 kink: move them off it.
            var s = v.Value.Span;
            for (int i = 0; i < s.Length; i++)
            {
                s[i] += 0.1f * (i + 1);
            }
        }

        var loss = new MeanSquaredError();
        Tensor Total()
        {
            var data = loss.Call(y, model.Apply(x));
            return Ops.Add(data, model.Penalty!);
        }

        Tensor?[] analytic;
        using (var tape = new GradientTape())
        {
            var total = Total();
            Assert.Equal(5, model.Losses.Count); // 2 activity, 3 weights (kernel, bias, kernel; the last bias has none)
            analytic = tape.Gradient(total, model.TrainableVariables);
        }

        const double eps = 5e-3;
        foreach (var (v, g) in model.TrainableVariables.Zip(analytic))
        {
            Assert.NotNull(g);
            var s = v.Value.Span;
            for (int i = 0; i < s.Length; i++)
            {
                float original = s[i];
                float plus = (float)(original + eps), minus = (float)(original - eps);
                s[i] = plus;
                double up = Total().ToScalar();
                s[i] = minus;
                double down = Total().ToScalar();
                s[i] = original;
                double numeric = (up - down) / ((double)plus - minus);
                double a = g!.ReadOnlySpan[i];
                Assert.True(Math.Abs(a - numeric) <= 5e-4 + (5e-3 * Math.Max(Math.Abs(a), Math.Abs(numeric))), $"{v.Name}[{i}]: tape {a:G6}, finite difference {numeric:G6}");
            }
        }
    }
}
